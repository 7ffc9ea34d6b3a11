using OpsIntranet.Core.Evaluations;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Evaluations.List;

/// <summary>Evaluations from where the person stands: what waits for them, their own approved evaluations, and the cycles they run or review in.</summary>
public class IndexModel(EvaluationService evaluations) : RecordPage
{
    public IReadOnlyList<WaitingItem> Waiting { get; private set; } = [];
    public IReadOnlyList<OwnEvaluation> Own { get; private set; } = [];
    public IReadOnlyList<CycleRow> Cycles { get; private set; } = [];
    public EvaluationListSteps Steps { get; private set; } = new(false);

    public async Task OnGetAsync(CancellationToken ct) =>
        (Waiting, Own, Cycles, Steps) = await evaluations.ListAsync(await HttpContext.ViewerAsync(ct), ct);
}
