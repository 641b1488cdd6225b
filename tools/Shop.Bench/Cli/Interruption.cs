using System.Runtime.InteropServices;

namespace Shop.Bench.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as a cancellation: what runs stops, cleans up and reports what it has, and the process
/// then exits as a shell script would have, 130 or 143.
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _exitCode = 130;

    public Interruption(CancellationToken outer)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Interrupt(context, 130));
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Interrupt(context, 143));
    }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>128 + the signal that came first.</summary>
    public int ExitCode => _exitCode;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _cancellation.Dispose();
    }

    private void Interrupt(PosixSignalContext context, int exitCode)
    {
        context.Cancel = true;
        if (!_cancellation.IsCancellationRequested)
        {
            _exitCode = exitCode;
            _cancellation.Cancel();
        }
    }
}
