using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Metrics.Edit;

/// <summary>Creates (/units/{id}/metrics/new) or edits (/units/{id}/metrics/{metricId}/edit) a metric definition and its targets.</summary>
public class IndexModel(AppDbContext db, MetricDefinitionService definitions, TimeProvider clock) : PageModel
{
    [BindProperty] public MetricForm Input { get; set; } = new();
    public string UnitName { get; private set; } = "";
    public int UnitId { get; private set; }
    public int? MetricId { get; private set; }
    public int[] Years { get; private set; } = [];
    public string? Error { get; private set; }
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

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

    public async Task<IActionResult> OnGetAsync(int id, int? metricId, CancellationToken ct) => await LoadAsync(id, metricId, fill: true, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, int? metricId, CancellationToken ct)
    {
        if (await LoadAsync(id, metricId, fill: false, ct) is { } notFound) return notFound;
        var input = new MetricInput(Input.Name, Input.Code, Input.Description, Input.UnitOfMeasure, Input.Direction, Input.Decimals, Input.MinValue, Input.MaxValue, Input.IsKey,
            Years.Select(y => new TargetInput(y, Input.Target.GetValueOrDefault(y), Input.Tolerance.GetValueOrDefault(y))).ToList());
        var (ok, _, errors, error) = await definitions.SaveAsync(id, metricId, metricId is null ? null : Input.Version, input, ct);
        if (ok) return Redirect($"/units/{id}/metrics");
        if (Request.Form["Input.Decimals"].ToString().Length > 0 && Input.Decimals is null) errors["Decimals"] = "Decimals is a whole number from 0 to 4.";
        Errors = errors;
        Error = error;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, int? metricId, bool fill, CancellationToken ct)
    {
        var scope = await HttpContext.ViewerAsync(ct);
        if (!scope.Contains(id) || !scope.CanManageMetrics(id)) return NotFound();
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null) return NotFound();
        UnitId = unit.Id;
        UnitName = unit.Name;
        var fy = DepartmentCalendar.FiscalYearOf(DepartmentCalendar.Today(clock));
        Years = [fy - 1, fy, fy + 1];
        MetricId = metricId;
        if (metricId is { } mid)
        {
            var m = await db.MetricDefinitions.AsNoTracking().Include(x => x.Targets).SingleOrDefaultAsync(x => x.Id == mid && x.UnitId == id, ct);
            if (m is null) return NotFound();
            if (fill)
            {
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
        else if (fill) Input = new MetricForm { Decimals = 0, MinValue = "0" };
        return null;
    }
}
