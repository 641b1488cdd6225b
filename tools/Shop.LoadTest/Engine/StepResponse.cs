using Shop.LoadTest.Metrics;

namespace Shop.LoadTest.Engine;

/// <summary>What a measured request got back: its status (0 if none), how it counts, and the body if it was asked for.</summary>
public readonly record struct StepResponse(int StatusCode, StepOutcome Outcome, byte[]? Body)
{
    public bool IsError => Outcome is StepOutcome.HttpError or StepOutcome.Timeout or StepOutcome.TransportError;

    public bool IsSuccess => Outcome == StepOutcome.Success;
}

/// <summary>Whether a step needs the response body or only its status.</summary>
public enum ResponseBody
{
    /// <summary>Read and thrown away (the request is not finished until its body has arrived).</summary>
    Discard,

    /// <summary>Read into <see cref="StepResponse.Body"/>.</summary>
    Read,
}
