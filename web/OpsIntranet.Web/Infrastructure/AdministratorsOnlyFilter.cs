using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using OpsIntranet.Core.Identity;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>Pages under /Admin: 404 for anyone who is not an administrator, so their existence is not confirmed either.</summary>
public sealed class AdministratorsOnlyFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HttpContext.User.IsInRole(Roles.Administrator)) return next();
        context.Result = new NotFoundResult();
        return Task.CompletedTask;
    }
}
