namespace Shop.LoadTest.Metrics;

/// <summary>How a request ended, as far as the run's error count is concerned.</summary>
public enum StepOutcome
{
    /// <summary>A 2xx answer.</summary>
    Success,

    /// <summary>An answer that is not 2xx but an expected business outcome (a 409 stock-out on checkout).</summary>
    Expected,

    /// <summary>A 5xx or an unexpected 4xx.</summary>
    HttpError,

    /// <summary>No answer within the request timeout.</summary>
    Timeout,

    /// <summary>The connection failed (refused, reset, closed early).</summary>
    TransportError,
}
