using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Reminders;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.Reminders;

/// <summary>The reminder section as a page shows it: every kind, and where the form goes back to after saving.</summary>
public sealed record ReminderSettingsView(IReadOnlyList<ReminderChoice> Choices, string From);

/// <summary>
/// The signed-in person's own reminder settings (also shown on their profile, which posts here): optional kinds
/// switch on and off, mandatory notices are always on. Everyone signed in has this page, for their own account only.
/// </summary>
public class IndexModel(ReminderPreferences preferences) : RecordPage
{
    public const string Path = "/people/me/reminders";

    public IReadOnlyList<ReminderChoice> Choices { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        Choices = await preferences.ForAsync(viewer.UserId, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        var shown = Request.Form["Shown"].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        var on = Request.Form["On"].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        Error = await preferences.SaveAsync(viewer.UserId, shown, on, ct);
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Choices = await preferences.ForAsync(viewer.UserId, ct);
            return Page();
        }
        var saved = await preferences.ForAsync(viewer.UserId, ct);
        Message = "Reminder settings saved: " + string.Join("; ", saved.Where(c => c.CanSwitch).Select(c => $"{c.Kind.Label} {(c.On ? "on" : "off")}")) + ". Mandatory notices stay on.";
        // Back where the form was: the profile (through /people/me, which finds it) or this page. Never a posted address.
        return Redirect(Request.Form["From"] == "profile" && viewer.EmployeeId is not null ? "/people/me#reminders" : Path);
    }
}
