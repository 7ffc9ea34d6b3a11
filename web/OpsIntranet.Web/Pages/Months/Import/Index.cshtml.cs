using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Months.Import;

/// <summary>CSV import of a unit's monthly values (one or many months), with a template to start from; <see cref="MetricImportService"/> decides who may.</summary>
[RequestSizeLimit(MetricImportService.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MetricImportService.MaxBytes + 1024 * 1024)]
public class IndexModel(MetricImportService imports) : RecordPage
{
    public ImportPage Unit { get; private set; } = default!;
    public string UnitName => Unit.UnitName;
    public int UnitId => Unit.UnitId;
    /// <summary>Months still open for this unit, newest first: the template picker offers these.</summary>
    public IReadOnlyList<DateOnly> OpenMonths => Unit.OpenMonths;
    public ImportResult? Result { get; private set; }
    /// <summary>What is wrong with the file itself (too large), shown next to the file field.</summary>
    public string? FileError { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await ShowOrNotFoundAsync(imports.PageAsync(await HttpContext.ViewerAsync(ct), id, ct), Keep);

    public async Task<IActionResult> OnGetTemplateAsync(int id, string? month, CancellationToken ct) =>
        await imports.TemplateAsync(await HttpContext.ViewerAsync(ct), id, month, ct) is { } template
            ? File(System.Text.Encoding.UTF8.GetBytes(template.Csv), "text/csv", template.FileName)
            : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await imports.PageAsync(viewer, id, ct) is not { } unit) return NotFound();
        Keep(unit);
        if (Request.ContentLength > MetricImportService.MaxBytes + 64 * 1024) return TooLarge();
        var form = await Request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0) return Show(ImportResult.Fail(file is null ? "Choose a CSV file to import." : "The file is empty."));
        await using var stream = file.OpenReadStream();
        var result = await imports.ImportAsync(viewer, id, stream, file.Length, file.FileName, ct);
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

    private void Keep(ImportPage unit)
    {
        Unit = unit;
        // A post too large to read at all comes back here as the page itself (FormReading).
        if (HttpContext.FormWasTooLarge()) FileError = MetricImportService.TooLarge;
    }
}
