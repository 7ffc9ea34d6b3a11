using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Storm;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm;

/// <summary>
/// The fields of an event's form (/storm/new and /storm/{id}/edit): name, kind, level, start and expected impact as
/// Eastern wall-clock times, and the affected units. The page reads the times; the event service checks the rest.
/// </summary>
public abstract class EventFormPage : RecordPage
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public StormKind? Kind { get; set; }
    [BindProperty] public ActivationLevel? Level { get; set; }
    [BindProperty] public string? StartsAt { get; set; }
    [BindProperty] public string? ExpectedImpactAt { get; set; }
    [BindProperty] public List<int> UnitIds { get; set; } = [];
    public List<(int Id, string Name)> Units { get; } = [];

    /// <summary>The posted fields as the service takes them, or null (with the messages set) when a time cannot be read.</summary>
    protected StormEventInput? Input()
    {
        var start = StormHtml.FromInput(StartsAt, out var badStart);
        var impact = StormHtml.FromInput(ExpectedImpactAt, out var badImpact);
        if (!badStart && !badImpact) return new StormEventInput(Name, Kind, Level, start, impact, UnitIds);
        var errors = new Dictionary<string, string>();
        if (badStart) errors["StartsAt"] = "Give the start as a date and a time (Eastern), e.g. 2026-09-14 08:00.";
        if (badImpact) errors["ExpectedImpactAt"] = "Give the expected impact as a date and a time (Eastern), or leave it empty.";
        // Nothing is sent to the service: a time read as empty must not be saved as "no expected impact".
        var refused = Outcome.Invalid(errors);
        (Errors, Error) = (refused.Errors, refused.Message);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return null;
    }

    /// <summary>Offers the viewer's units, and keeps any unit already on the event (another manager's) in the list.</summary>
    protected async Task LoadUnitsAsync(StormEventService events, Core.Access.Viewer viewer, IEnumerable<(int Id, string Name)> current, CancellationToken ct)
    {
        Units.AddRange(await events.UnitChoicesAsync(viewer, current.Select(c => c.Id).ToList(), ct));
        Units.AddRange(current.Where(c => Units.All(u => u.Id != c.Id)));
    }
}
