using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.Me;

/// <summary>"My record": the signed-in person's own profile, for accounts tied to an employee; their reminder settings for the others.</summary>
public class IndexModel : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        // An account without a record in the directory (a service account) still has its own reminder settings.
        return viewer.EmployeeId is { } id ? Redirect($"/people/{id}") : Redirect(Reminders.IndexModel.Path);
    }
}
