namespace Shop.Gateway.Auth;

/// <summary>An issued access token, shaped like an OAuth 2.0 token response.</summary>
/// <param name="AccessToken">The signed JWT to send as <c>Authorization: Bearer ...</c>.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="ExpiresIn">Lifetime in seconds.</param>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);
