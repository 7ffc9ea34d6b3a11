using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Months.Form;

/// <summary>
/// One unit's month: the supervisor's form (save as draft, submit), the manager's review (approve,
/// return with a reason) and corrections (reopen with a reason), with the month's trail below.
/// </summary>
public class IndexModel(MonthlySubmissionService months, PageCache pages) : PageModel
{
    /// <summary>
    /// The form as shown on a GET, kept per data version, person and day: the unit, its metrics and targets, the month's
    /// and the previous month's values, the trail and value changes (their authors decide who may approve), and lateness.
    /// </summary>
    public static readonly CachedRead MonthFormRead = new("month-form", typeof(OpsIntranet.Core.Units.Unit), typeof(MetricDefinition), typeof(MetricTarget),
        typeof(MetricSubmission), typeof(MetricValue), typeof(SubmissionEvent), typeof(MetricValueChange), typeof(MetricValueImport));

    /// <summary>The page's parts on a GET; null on a post shown again, which renders from what was posted and keeps nothing.</summary>
    public CachedPage? Cached { get; private set; }

    public MonthForm Form { get; private set; } = default!;
    public MonthPermissions Permissions => Form.Can;

    /// <summary>What the user typed, by metric, when a post is shown again; the database's values otherwise.</summary>
    public Dictionary<int, ValueForm> Entered { get; } = [];
    public IReadOnlyDictionary<int, FieldErrors> Errors { get; private set; } = new Dictionary<int, FieldErrors>();
    public string? Error { get; private set; }
    public bool Conflict { get; private set; }
    [TempData] public string? Message { get; set; }

    [BindProperty] public List<ValueForm> Values { get; set; } = [];
    [BindProperty] public uint Version { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public sealed class ValueForm
    {
        public int MetricId { get; set; }
        public string? Raw { get; set; }
        public string? Explanation { get; set; }
    }

    public string MonthKey => DepartmentCalendar.MonthKey(Form.Month);

    /// <summary>Why the viewer, who may decide this submitted month, cannot approve it (separation of duties), or null.</summary>
    public string? CannotApprove => Form.CannotApprove;
    public DateOnly Today => months.Today;

    public async Task<IActionResult> OnGetAsync(int id, string month, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        // The same person with the same roles and units was shown this month at this data version: it was theirs then and is now.
        // Who may approve depends on the person (separation of duties), lateness and "next month" on the day.
        Cached = await pages.LookupAsync(MonthFormRead, $"{id}|{month}|{viewer.UserId}|{viewer.EmployeeId}|{viewer.ScopeKey}|{months.Today}", ct, "head", "body");
        if (Cached.IsHit) return Page();
        IActionResult? notFound = null;
        await Cached.LoadAsync(async () => notFound = await LoadAsync(id, month, ct));
        return notFound ?? Page();
    }

    public Task<IActionResult> OnPostSaveAsync(int id, string month, CancellationToken ct) => SaveAsync(id, month, submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(int id, string month, CancellationToken ct) => SaveAsync(id, month, submit: true, ct);

    public Task<IActionResult> OnPostApproveAsync(int id, string month, CancellationToken ct) =>
        ReviewAsync(id, month, (viewer, m) => months.ApproveAsync(viewer, id, m, Version, ct), "Approved. The month is now locked.", ct);

    public Task<IActionResult> OnPostReturnAsync(int id, string month, CancellationToken ct) =>
        ReviewAsync(id, month, (viewer, m) => months.ReturnAsync(viewer, id, m, Version, Reason, ct), "Returned to the supervisor with your reason.", ct);

    public Task<IActionResult> OnPostReopenAsync(int id, string month, CancellationToken ct) =>
        ReviewAsync(id, month, (viewer, m) => months.ReopenAsync(viewer, id, m, Version, Reason, ct), "Reopened for correction. The supervisor can change it and submit it again.", ct);

    private async Task<IActionResult> SaveAsync(int id, string month, bool submit, CancellationToken ct)
    {
        if (await LoadAsync(id, month, ct) is { } notFound) return notFound;
        var inputs = Values.Select(v => new ValueInput(v.MetricId, v.Raw, v.Explanation)).ToList();
        var result = await months.SaveAsync(await HttpContext.ViewerAsync(ct), id, Form.Month, Version == 0 ? null : Version, inputs, submit, ct);
        if (result.NotFound) return NotFound();
        if (result.Succeeded)
        {
            Message = submit ? $"{DepartmentCalendar.MonthName(Form.Month)} is submitted for approval." : "Saved as a draft.";
            return RedirectToPage(new { id, month });
        }
        return await ShowAgainAsync(id, month, result, ct);
    }

    private async Task<IActionResult> ReviewAsync(int id, string month, Func<Viewer, DateOnly, Task<MonthResult>> step, string done, CancellationToken ct)
    {
        if (await LoadAsync(id, month, ct) is { } notFound) return notFound;
        var result = await step(await HttpContext.ViewerAsync(ct), Form.Month);
        if (result.NotFound) return NotFound();
        if (result.Succeeded)
        {
            Message = done;
            return RedirectToPage(new { id, month });
        }
        return await ShowAgainAsync(id, month, result, ct);
    }

    /// <summary>Shows the page again with the latest data, the user's own entries in the fields and the messages.</summary>
    private async Task<IActionResult> ShowAgainAsync(int id, string month, MonthResult result, CancellationToken ct)
    {
        await LoadAsync(id, month, ct);
        Error = result.Error;
        Errors = result.FieldErrors;
        Conflict = result.Conflict;
        foreach (var v in Values) Entered[v.MetricId] = v;
        Response.StatusCode = result.StepRefused ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>Out-of-scope units, unknown units and malformed months all answer 404.</summary>
    private async Task<IActionResult?> LoadAsync(int id, string month, CancellationToken ct)
    {
        if (!DepartmentCalendar.TryParseMonthKey(month, out var m)) return NotFound();
        var form = await months.LoadAsync(await HttpContext.ViewerAsync(ct), id, m, ct);
        if (form is null) return NotFound();
        Form = form;
        Entered.Clear();
        foreach (var row in form.Rows)
            Entered[row.MetricId] = new ValueForm { MetricId = row.MetricId, Raw = MetricFormatting.Plain(row.Value), Explanation = row.Explanation };
        return null;
    }
}
