using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Metrics.Edit;

/// <summary>Creates (/units/{id}/metrics/new) or edits (/units/{id}/metrics/{metricId}/edit) a metric definition and its targets; <see cref="MetricDefinitionService"/> decides who may.</summary>
public class IndexModel(MetricDefinitionService definitions) : RecordPage
{
    [BindProperty] public MetricForm Input { get; set; } = new();
    public string UnitName { get; private set; } = "";
    public int UnitId { get; private set; }
    public int? MetricId { get; private set; }
    public IReadOnlyList<int> Years { get; private set; } = [];

    public sealed class MetricForm
    {
        public string? Name { get; set; }
        public string? Code { get; set; }
        public string? Description { get; set; }
        public UnitOfMeasure UnitOfMeasure { get; set; }
        public MetricDirection Direction { get; set; }
        public int? Decimals { get; set; }
        public string? MinValue { get; set; }
        public string? MaxValue { get; set; }
        public bool IsKey { get; set; }
        public uint Version { get; set; }
        public Dictionary<int, string?> Target { get; set; } = [];
        public Dictionary<int, string?> Tolerance { get; set; } = [];
    }

    public async Task<IActionResult> OnGetAsync(int id, int? metricId, CancellationToken ct) =>
        await ShowOrNotFoundAsync(definitions.EditingAsync(await HttpContext.ViewerAsync(ct), id, metricId, ct), editing => Keep(editing, fill: true));

    public async Task<IActionResult> OnPostAsync(int id, int? metricId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await definitions.EditingAsync(viewer, id, metricId, ct) is not { } editing) return NotFound();
        Keep(editing, fill: false);
        var input = new MetricInput(Input.Name, Input.Code, Input.Description, Input.UnitOfMeasure, Input.Direction, Input.Decimals, Input.MinValue, Input.MaxValue, Input.IsKey,
            Years.Select(y => new TargetInput(y, Input.Target.GetValueOrDefault(y), Input.Tolerance.GetValueOrDefault(y))).ToList());
        if (await definitions.SaveAsync(viewer, id, metricId, metricId is null ? null : Input.Version, input, ct) is not (var ok, _, var errors, var error)) return NotFound();
        if (ok) return Redirect($"/units/{id}/metrics");
        if (Request.Form["Input.Decimals"].ToString().Length > 0 && Input.Decimals is null) errors["Decimals"] = "Decimals is a whole number from 0 to 4.";
        Errors = errors;
        Error = error;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>Keeps the unit and years; on a first showing also fills the form from the definition (or a new one's defaults).</summary>
    private void Keep(MetricEditing editing, bool fill)
    {
        UnitId = editing.UnitId;
        UnitName = editing.UnitName;
        Years = editing.Years;
        MetricId = editing.Metric?.Id;
        if (!fill) return;
        if (editing.Metric is not { } m)
        {
            Input = new MetricForm { Decimals = 0, MinValue = "0" };
            return;
        }
        Input = new MetricForm
        {
            Name = m.Name, Code = m.Code, Description = m.Description, UnitOfMeasure = m.UnitOfMeasure, Direction = m.Direction, Decimals = m.Decimals,
            MinValue = MetricFormatting.Plain(m.MinValue), MaxValue = MetricFormatting.Plain(m.MaxValue), IsKey = m.IsKey, Version = m.Version,
        };
        foreach (var t in m.Targets)
        {
            Input.Target[t.FiscalYear] = MetricFormatting.Plain(t.Target);
            Input.Tolerance[t.FiscalYear] = MetricFormatting.Plain(t.Tolerance);
        }
    }
}
