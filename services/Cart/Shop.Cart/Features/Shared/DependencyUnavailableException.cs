using MassTransit;

namespace Shop.Cart.Features.Shared;

/// <summary>
/// Another module did not answer in time or failed: the buyer's request cannot be served now but may succeed when
/// sent again. <see cref="DependencyFailureFilter"/> turns it into a 503 problem document with <c>Retry-After</c>.
/// </summary>
internal sealed class DependencyUnavailableException : Exception
{
    public DependencyUnavailableException(string dependency, string title, string detail, Exception innerException)
        : base(detail, innerException)
    {
        Dependency = dependency;
        Title = title;
    }

    /// <summary>One of <see cref="Diagnostics.Dependencies"/>.</summary>
    public string Dependency { get; }

    /// <summary>Title of the problem document.</summary>
    public string Title { get; }

    /// <summary>
    /// How a failed request to another module is named in logs: <c>timeout</c> (no replica answered: none running, or
    /// all busy), <c>fault</c> (its consumer threw) or <c>transport</c>. None is the buyer's mistake, all may pass.
    /// </summary>
    public static string ReasonOf(MassTransitException exception) => exception switch
    {
        RequestTimeoutException => "timeout",
        RequestFaultException => "fault",
        _ => "transport",
    };
}
