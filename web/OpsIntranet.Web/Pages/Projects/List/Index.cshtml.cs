using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Projects.List;

/// <summary>Special projects and ad-hoc committees, with their next milestone and last meeting.</summary>
public class IndexModel(ProjectService projects) : RecordPage
{
    [BindProperty(SupportsGet = true)] public string Status { get; set; } = nameof(ProjectStatus.Active);
    public IReadOnlyList<ProjectRow> Rows { get; private set; } = [];
    public ProjectListSteps Steps { get; private set; } = new(false);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        Steps = ProjectService.ListSteps(viewer);
        ProjectStatus? status = Enum.TryParse<ProjectStatus>(Status, out var s) && Enum.IsDefined(s) ? s : null;
        if (status is null) Status = "all";
        Rows = await projects.ListAsync(viewer, status, ct);
    }
}
