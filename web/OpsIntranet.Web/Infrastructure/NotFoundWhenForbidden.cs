using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>
/// Endpoint metadata: a signed-in user whom the endpoint's policy refuses gets 404, not a redirect to
/// "access denied", so the endpoint's existence is not confirmed (what AdministratorsOnlyFilter does
/// for the /Admin pages, for endpoints that are not pages, such as the job dashboard).
/// </summary>
public sealed class NotFoundWhenForbidden;

public sealed class NotFoundWhenForbiddenHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.GetEndpoint()?.Metadata.GetMetadata<NotFoundWhenForbidden>() is not null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
