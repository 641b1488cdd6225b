using Microsoft.AspNetCore.Http;

namespace Shop.ServiceDefaults.Http;

/// <summary>Maps exceptions that describe a client's mistake to the status code the client should see.</summary>
public static class ClientErrorStatus
{
    public static int For(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        OperationCanceledException => StatusCodes.Status499ClientClosedRequest,
        _ => StatusCodes.Status500InternalServerError,
    };
}
