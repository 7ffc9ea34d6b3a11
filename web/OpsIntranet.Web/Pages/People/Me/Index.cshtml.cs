using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.Me;

/// <summary>"My record": the signed-in person's own profile, for accounts tied to an employee.</summary>
public class IndexModel : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        return viewer.EmployeeId is { } id ? Redirect($"/people/{id}") : NotFound();
    }
}
