namespace Shop.Bench.Local;

/// <summary>
/// <c>./shop</c>, which installs and starts the servers and Shop's processes: a benchmark asks it to
/// (<c>up</c>, <c>down</c>, <c>footprint</c>) with the environment of the Shop it measures.
/// </summary>
/// <param name="Root">The repository.</param>
/// <param name="Environment">SHOP_STATE, the ports and whatever else the Shop in question needs.</param>
public sealed record ShopScript(string Root, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Runs <c>./shop &lt;arguments&gt;</c> and returns its exit code.</summary>
    /// <param name="arguments">The command and its options.</param>
    /// <param name="quiet">Leave out what it prints on standard output (its warnings and errors still show).</param>
    /// <param name="cancellationToken">Stops it (SIGTERM).</param>
    /// <param name="silent">Leave out its warnings and errors too.</param>
    public Task<int> RunAsync(IReadOnlyList<string> arguments, bool quiet, CancellationToken cancellationToken, bool silent = false) =>
        ChildProcess.RunAsync(
            new ChildCommand(Path.Combine(Root, "shop"), arguments)
            {
                Environment = Environment,
                WorkingDirectory = Root,
                QuietOutput = quiet || silent,
                QuietErrors = silent,
            },
            cancellationToken);

    /// <exception cref="IOException">It failed.</exception>
    public async Task RequireAsync(IReadOnlyList<string> arguments, bool quiet, CancellationToken cancellationToken)
    {
        var exit = await RunAsync(arguments, quiet, cancellationToken);
        if (exit != 0)
        {
            throw new IOException($"./shop {string.Join(' ', arguments)} failed (exit {exit})");
        }
    }
}
