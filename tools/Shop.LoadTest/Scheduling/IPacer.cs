namespace Shop.LoadTest.Scheduling;

/// <summary>How the scheduler waits for the next arrival; tests replace it with one that moves a fake clock.</summary>
public interface IPacer
{
    /// <summary>Returns once the clock has reached <paramref name="timestamp"/> (a <see cref="TimeProvider"/> timestamp), or at once if it has.</summary>
    void WaitUntil(long timestamp, CancellationToken cancellationToken);
}
