namespace Shop.Order.Domain;

/// <summary>
/// An order that breaks the module's rules was about to be created. Requests are validated before they reach the
/// domain (see <c>SubmitOrderValidator</c>), so this signals a programming error, not a client's mistake.
/// </summary>
internal sealed class OrderRuleException(string message) : Exception(message);
