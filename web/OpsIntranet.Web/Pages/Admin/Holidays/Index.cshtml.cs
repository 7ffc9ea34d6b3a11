using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Admin.Holidays;

/// <summary>The City holidays (administrators): business-day schedules and reminders skip them. Listed by year; add one, remove one.</summary>
public class IndexModel(CityHolidayService holidays, TimeProvider clock) : RecordPage
{
    public int Year { get; private set; }
    public IReadOnlyList<CityHoliday> Holidays { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    [BindProperty] public DateOnly? Date { get; set; }
    [BindProperty] public string? Name { get; set; }

    public async Task<IActionResult> OnGetAsync(int? year, CancellationToken ct) => await ShowAsync(year, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var raw = Request.Form["Date"].ToString();
        // A value the date binder could not read arrives as null: say what was typed rather than "give the date".
        var outcome = raw.Length > 0 && Date is null
            ? Outcome.Invalid(new Dictionary<string, string> { ["Date"] = $"\"{raw}\" is not a date; use the form 2027-07-05." })
            : await holidays.AddAsync(await HttpContext.ViewerAsync(ct), Date, Name, ct);
        if (Handle(outcome, _ => $"/admin/holidays?year={Date?.Year}", Date is { } day ? $"{CityHolidayService.Day(day)} is now a City holiday." : "") is { } answer) return answer;
        return await ShowAsync(Date?.Year, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, CancellationToken ct)
    {
        var outcome = await holidays.RemoveAsync(await HttpContext.ViewerAsync(ct), id, ct);
        var year = Request.Query["year"].ToString();
        return Handle(outcome, _ => $"/admin/holidays{(year.Length > 0 ? "?year=" + Uri.EscapeDataString(year) : "")}", "Holiday removed.") ?? NotFound();
    }

    private async Task<bool> ShowAsync(int? year, CancellationToken ct)
    {
        Year = year is >= 2000 and <= 2100 ? year.Value : DepartmentCalendar.Today(clock).Year;
        if (await holidays.ListAsync(await HttpContext.ViewerAsync(ct), Year, ct) is not { } list) return false;
        (Holidays, Years) = list;
        return true;
    }
}
