using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Recommendations.Details;

/// <summary>A recommendation and its decision; someone other than the recommender decides it.</summary>
public class IndexModel(RecommendationService recommendations) : RecordPage
{
    public PersonnelRecommendation Recommendation { get; private set; } = default!;
    public RecommendationSteps Can { get; private set; } = default!;
    private Viewer Viewer { get; set; } = default!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public Task<IActionResult> OnPostApproveAsync(int id, string? note, CancellationToken ct) =>
        StepAsync(id, v => recommendations.DecideAsync(Viewer, id, v, true, note, ct), "Approved.", ct);

    public Task<IActionResult> OnPostDenyAsync(int id, string? note, CancellationToken ct) =>
        StepAsync(id, v => recommendations.DecideAsync(Viewer, id, v, false, note, ct), "Denied.", ct);

    public Task<IActionResult> OnPostWithdrawAsync(int id, string? note, CancellationToken ct) =>
        StepAsync(id, v => recommendations.WithdrawAsync(Viewer, id, v, note, ct), "Withdrawn.", ct);

    private async Task<IActionResult> StepAsync(int id, Func<uint, Task<Outcome>> step, string message, CancellationToken ct)
    {
        Viewer = await HttpContext.ViewerAsync(ct);
        var outcome = await step(PostedVersion());
        if (Handle(outcome, i => $"/recommendations/{i}", message) is { } done) return done;
        return await LoadAsync(id, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        Viewer ??= await HttpContext.ViewerAsync(ct);
        if (await recommendations.DetailsAsync(Viewer, id, ct) is not { } details) return NotFound();
        (Recommendation, Can) = (details.Recommendation, details.Can);
        return null;
    }
}
