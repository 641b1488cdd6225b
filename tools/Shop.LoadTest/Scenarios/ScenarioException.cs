namespace Shop.LoadTest.Scenarios;

/// <summary>A scenario file that cannot be read or breaks a rule; <see cref="Problems"/> says where and why.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException()
        : this("The scenario is invalid.", [])
    {
    }

    public ScenarioException(string message)
        : this(message, [])
    {
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    public ScenarioException(string source, IReadOnlyList<string> problems)
        : base(problems.Count == 0 ? source : $"{source}: {string.Join("; ", problems)}") => Problems = problems;

    /// <summary>One line per problem, each naming the JSON path it is about (<c>phases[2].seconds</c>).</summary>
    public IReadOnlyList<string> Problems { get; }
}
