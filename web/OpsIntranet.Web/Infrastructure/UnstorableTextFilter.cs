using Microsoft.AspNetCore.Mvc.Filters;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>
/// Marks every bound value holding a character that cannot be stored (NUL and other control
/// characters) as invalid, for pages that check ModelState, such as sign-in. Pages that save records
/// get the same message from their service (TextRules), next to the field.
/// </summary>
public sealed class UnstorableTextFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context) { }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        foreach (var (key, entry) in context.ModelState.ToList())
            if (TextRules.Unstorable(entry?.AttemptedValue) is { } problem) context.ModelState.AddModelError(key, problem);
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context) { }
}
