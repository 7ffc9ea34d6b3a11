using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Months.Import;

/// <summary>CSV import of a unit's monthly values (one or many months), with a template to start from.</summary>
[RequestSizeLimit(MetricImportService.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MetricImportService.MaxBytes + 1024 * 1024)]
public class IndexModel(AppDbContext db, MetricImportService imports, TimeProvider clock) : PageModel
{
    public string UnitName { get; private set; } = "";
    public int UnitId { get; private set; }
    public DateOnly LastMonth { get; private set; }
    /// <summary>Months still open for this unit, newest first: the template picker offers these.</summary>
    public IReadOnlyList<DateOnly> OpenMonths { get; private set; } = [];
    public ImportResult? Result { get; private set; }
    /// <summary>What is wrong with the file itself (too large), shown next to the file field.</summary>
    public string? FileError { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnGetTemplateAsync(int id, string? month, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound) return notFound;
        var m = DepartmentCalendar.TryParseMonthKey(month, out var parsed) ? parsed : OpenMonths.Count > 0 ? OpenMonths[0] : LastMonth;
        var csv = await imports.TemplateAsync(id, m, ct);
        var code = await db.Units.Where(u => u.Id == id).Select(u => u.Code).SingleAsync(ct);
        return File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv", $"{code}-metrics-{DepartmentCalendar.MonthKey(m)}.csv");
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound) return notFound;
        if (Request.ContentLength > MetricImportService.MaxBytes + 64 * 1024) return TooLarge();
        var form = await Request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0) return Show(ImportResult.Fail(file is null ? "Choose a CSV file to import." : "The file is empty."));
        await using var stream = file.OpenReadStream();
        var result = await imports.ImportAsync(await HttpContext.ViewerAsync(ct), id, stream, file.Length, ct);
        if (result.NotFound) return NotFound();
        return result.Error == MetricImportService.TooLarge ? TooLarge() : Show(result);
    }

    private PageResult TooLarge()
    {
        FileError = MetricImportService.TooLarge;
        Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return Page();
    }

    private PageResult Show(ImportResult result)
    {
        Result = result;
        if (!result.Succeeded) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var scope = await HttpContext.ViewerAsync(ct);
        if (!scope.ForMonth(id).CanEdit) return NotFound();
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null) return NotFound();
        UnitId = unit.Id;
        UnitName = unit.Name;
        LastMonth = DepartmentCalendar.PreviousMonth(clock);
        OpenMonths = await imports.OpenMonthsAsync(id, ct: ct);
        // A post too large to read at all comes back here as the page itself (FormReading).
        if (HttpContext.FormWasTooLarge()) FileError = MetricImportService.TooLarge;
        return null;
    }
}
