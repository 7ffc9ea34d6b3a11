using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.People;

namespace OpsIntranet.Web.Pages.People.Me;

/// <summary>"My record": the signed-in person's own profile, for accounts tied to an employee.</summary>
public class IndexModel(PersonnelAccessService access) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var viewer = await access.ForAsync(User, ct);
        return viewer.EmployeeId is { } id ? Redirect($"/people/{id}") : NotFound();
    }
}
