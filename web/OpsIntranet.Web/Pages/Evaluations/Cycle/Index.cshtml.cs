using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Evaluations.Cycle;

/// <summary>A cycle at a glance: every evaluation the person may read, whose move it is and who is late.</summary>
public class IndexModel(EvaluationService evaluations) : RecordPage
{
    public EvaluationCycle Cycle { get; private set; } = default!;
    public IReadOnlyList<ProgressRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int cycleId, CancellationToken ct) =>
        await ShowOrNotFoundAsync(evaluations.CycleProgressAsync(await HttpContext.ViewerAsync(ct), cycleId, ct), p => (Cycle, Rows) = (p.Cycle, p.Rows));
}
