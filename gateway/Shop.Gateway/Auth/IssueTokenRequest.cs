namespace Shop.Gateway.Auth;

/// <summary>Body of <c>POST /api/auth/token</c>.</summary>
/// <param name="BuyerId">Becomes the token's <c>sub</c>: 1 to 64 characters of letters, digits, '_', '.', '@' or '-'.</param>
/// <param name="AdminKey">Optional; when present it must match <c>Auth:AdminKey</c> and the token also carries the admin role.</param>
public sealed record IssueTokenRequest(string? BuyerId, string? AdminKey);
