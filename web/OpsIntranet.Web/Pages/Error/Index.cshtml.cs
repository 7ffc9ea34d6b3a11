using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpsIntranet.Web.Pages.Error;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class IndexModel : PageModel
{
    public string Heading { get; private set; } = "Something went wrong";
    public string Message { get; private set; } = "The intranet could not complete the request. It has been logged; try again in a moment.";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        if (code == 404)
        {
            Heading = "Not found";
            Message = "There is no such page, or it is not one you have access to.";
        }
        else if (code == 400)
        {
            Heading = "Bad request";
            Message = "The request could not be understood. Go back and try again.";
        }
    }
}
