using System.Collections;

namespace Shop.ServiceDefaults.Http;

/// <summary>
/// A request's correlation id, kept as a request feature and used as the state of the request's logging scope: the
/// JSON console writes it as a <c>CorrelationId</c> property of every line logged while the request runs.
/// </summary>
/// <remarks>One small object per request, where a dictionary for the scope and another for HttpContext.Items were two.</remarks>
internal sealed class CorrelationScope(string id) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private const string PropertyName = "CorrelationId";

    public string Id { get; } = id;

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(PropertyName, Id) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{PropertyName}:{Id}";
}
