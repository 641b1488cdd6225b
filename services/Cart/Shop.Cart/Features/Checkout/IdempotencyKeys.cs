namespace Shop.Cart.Features.Checkout;

/// <summary>The <c>Idempotency-Key</c> header of a checkout: which values are accepted.</summary>
internal static class IdempotencyKeys
{
    public const string HeaderName = "Idempotency-Key";

    public const int MaxLength = 100;

    /// <summary>
    /// 1 to <see cref="MaxLength"/> ASCII letters, digits and <c>- _ . :</c>. The key ends up in Redis keys, logs and
    /// the order record, so anything that could confuse them (spaces, separators, control characters, a comma that
    /// means two header values were sent) is refused rather than escaped.
    /// </summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength }
        && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
