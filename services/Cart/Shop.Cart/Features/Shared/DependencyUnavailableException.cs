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
}
