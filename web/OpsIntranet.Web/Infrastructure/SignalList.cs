using OpsIntranet.Core.Access;
using OpsIntranet.Core.Improvement;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>Signals as shown on a page: the annotated list, and which units the person manages (who may act on them).</summary>
public sealed record SignalList(IReadOnlyList<SignalView> Items, Viewer? Viewer)
{
    public bool CanManage(int unitId) => Viewer?.CanManage([unitId]) == true;

    public SignalList For(int unitId) => this with { Items = Items.Where(i => i.Signal.UnitId == unitId).ToList() };
}
