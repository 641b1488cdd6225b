using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Shop.Bench.Local;

/// <summary>A command this tool runs as a child process: ./shop, the load generator, the sampler, wrk, git.</summary>
/// <param name="FileName">The program.</param>
/// <param name="Arguments">Its arguments, each passed as one.</param>
public sealed record ChildCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables set for the child on top of this process's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string? WorkingDirectory { get; init; }

    /// <summary>Discard what the child prints on standard output (its errors still reach the terminal).</summary>
    public bool QuietOutput { get; init; }

    /// <summary>Discard what the child prints on standard error too.</summary>
    public bool QuietErrors { get; init; }

    /// <summary>Append everything the child prints, output and errors, to this file instead of the terminal.</summary>
    public string? LogFile { get; init; }

    /// <summary>A file that holds the child's pid while it runs, so the sampler can find it.</summary>
    public string? PidFile { get; init; }

    /// <summary>The same command pinned to one core with taskset.</summary>
    public ChildCommand OnCore(int core) => this with { FileName = "taskset", Arguments = ["-c", core.ToString(CultureInfo.InvariantCulture), FileName, .. Arguments] };

    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}

/// <summary>
/// A child process that shares this process's terminal, unless told otherwise. Cancelling a wait sends the child SIGTERM
/// and waits for it to end, as the bench script's cleanup did, so a load generator still writes its partial JSON.
/// </summary>
public sealed partial class ChildProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly ChildCommand _command;
    private readonly StreamWriter? _log;
    private readonly Lock _logLock = new();
    private bool _logClosed;

    private ChildProcess(Process process, ChildCommand command, StreamWriter? log)
    {
        _process = process;
        _command = command;
        _log = log;
    }

    public int Id => _process.Id;

    /// <exception cref="IOException">The program cannot be run.</exception>
    public static ChildProcess Start(ChildCommand command) => Start(command, captureOutput: false);

    /// <summary>Runs <paramref name="command"/> to its end and returns its exit code.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; the child was told to stop and has ended.</exception>
    public static async Task<int> RunAsync(ChildCommand command, CancellationToken cancellationToken)
    {
        using var child = Start(command);
        return await child.WaitAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="command"/> and returns its exit code and what it printed on standard output.</summary>
    public static async Task<(int ExitCode, string Output)> CaptureAsync(ChildCommand command, CancellationToken cancellationToken)
    {
        using var child = Start(command, captureOutput: true);
        var output = child._process.StandardOutput.ReadToEndAsync(cancellationToken);
        var exit = await child.WaitAsync(cancellationToken);
        return (exit, await output);
    }

    /// <summary>Asks a process to stop (SIGTERM), as <c>kill</c> does.</summary>
    public static void Terminate(int pid) => _ = Kill(pid, SigTerm);

    /// <summary>Waits for the child to end and returns its exit code; cancelled, it tells the child to stop first.</summary>
    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await StopAsync();
            throw;
        }
        // The output handlers may still be writing the last lines.
        await _process.WaitForExitAsync(CancellationToken.None);
        return _process.ExitCode;
    }

    /// <summary>Tells the child to stop (SIGTERM) and waits until it has.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            Terminate(_process.Id);
        }
        await _process.WaitForExitAsync(CancellationToken.None);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (_command.PidFile is not null)
        {
            File.Delete(_command.PidFile);
        }
        lock (_logLock)
        {
            _logClosed = true;
            _log?.Dispose();
        }
        _process.Dispose();
    }

    private static ChildProcess Start(ChildCommand command, bool captureOutput)
    {
        var logged = command.LogFile is not null;
        var info = new ProcessStartInfo(command.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = captureOutput || logged || command.QuietOutput,
            RedirectStandardError = logged || command.QuietErrors,
            WorkingDirectory = command.WorkingDirectory ?? "",
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in command.Environment)
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info };
        var log = logged ? new StreamWriter(command.LogFile!, append: true) { AutoFlush = true } : null;
        var child = new ChildProcess(process, command, log);
        if (log is not null)
        {
            process.OutputDataReceived += (_, e) => child.Log(e.Data);
            process.ErrorDataReceived += (_, e) => child.Log(e.Data);
        }
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            child.Dispose();
            throw new IOException($"cannot run {command.FileName}: {exception.Message}", exception);
        }
        if (info.RedirectStandardOutput && !captureOutput)
        {
            process.BeginOutputReadLine();
        }
        if (info.RedirectStandardError)
        {
            process.BeginErrorReadLine();
        }
        if (command.PidFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(command.PidFile))!);
            File.WriteAllText(command.PidFile, process.Id.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        return child;
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logLock)
        {
            if (!_logClosed)
            {
                _log?.WriteLine(line);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
