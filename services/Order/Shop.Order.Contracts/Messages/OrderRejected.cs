namespace Shop.Order.Contracts.Messages;

/// <summary>
/// The other answer to <see cref="SubmitOrder"/>: no order was created and none will be. A requester asks for both
/// answers (<c>GetResponse&lt;OrderAccepted, OrderRejected&gt;</c>) and turns this one into a problem document:
/// <see cref="RejectionReasons.Invalid"/> becomes a 400 validation problem listing <see cref="Errors"/>,
/// <see cref="RejectionReasons.Conflict"/> a 409 with <see cref="Detail"/>. Sending the same request again gets the
/// same answer, so it is not worth retrying.
/// </summary>
/// <param name="OrderId">The order id the request named.</param>
/// <param name="Reason">One of <see cref="RejectionReasons"/>.</param>
/// <param name="Detail">A sentence for people, safe to show the buyer.</param>
/// <param name="Errors">
/// For <see cref="RejectionReasons.Invalid"/>: messages per request field, in the shape of a validation problem's
/// <c>errors</c> (for example <c>lines[0].quantity</c>); empty otherwise.
/// </param>
public sealed record OrderRejected(Guid OrderId, string Reason, string Detail, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>Why a <see cref="SubmitOrder"/> was rejected; stable strings used in answers and metric labels.</summary>
public static class RejectionReasons
{
    /// <summary>The request breaks a rule (no lines, a quantity outside 1–100, a price that is not positive…).</summary>
    public const string Invalid = "invalid";

    /// <summary>The order id is already taken by a different checkout (another buyer or another idempotency key).</summary>
    public const string Conflict = "conflict";
}
