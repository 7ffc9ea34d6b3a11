using OpsIntranet.Core.Access;

namespace OpsIntranet.Core.Storm;

/// <summary>
/// Who may do what with storm and emergency events (issue 13, Rules). Event data is operational, not personnel:
/// anyone in an affected unit reads it (assigned to the unit, or employed in it); the managers of those units and
/// administrators change it; leadership reads all. Personal phone numbers are for the event's managers and leads
/// only. Everything else answers 404, so ids cannot be probed.
/// </summary>
public static class StormAccess
{
    /// <summary>Opens a new event: administrators, and managers with at least one unit.</summary>
    public static bool CanOpen(Viewer viewer) => viewer.IsAdministrator || viewer.IsManager && viewer.UnitIds.Count > 0;

    /// <param name="ownUnitId">The unit the viewer's employee record is in (a call taker with an account but no role).</param>
    public static bool CanRead(Viewer viewer, IReadOnlyCollection<int> eventUnits, int? ownUnitId) =>
        viewer.AllUnits || eventUnits.Any(viewer.IsAssigned) || ownUnitId is { } own && eventUnits.Contains(own);

    /// <summary>Changes the event and everything in it (shifts, assignments, hours, reviews): its units' managers and administrators.</summary>
    public static bool CanChange(Viewer viewer, IReadOnlyCollection<int> eventUnits) =>
        viewer.IsAdministrator || viewer.IsManager && eventUnits.Any(viewer.IsAssigned);

    /// <summary>
    /// Hours worked per person are payroll records, not operations: the event's managers and administrators keep them,
    /// leadership reads them; the people of the units see their own shifts, not everyone's hours.
    /// </summary>
    public static bool CanReadHours(Viewer viewer, IReadOnlyCollection<int> eventUnits) => CanChange(viewer, eventUnits) || viewer.IsLeadership || viewer.IsSystem;

    /// <summary>A unit's roster is kept by its managers and administrators.</summary>
    public static bool CanKeepRoster(Viewer viewer, int unitId) => viewer.IsAdministrator || viewer.IsManager && viewer.IsAssigned(unitId);

    /// <summary>Personal phone numbers: the event's managers (and administrators) and its leads.</summary>
    /// <param name="isLead">The viewer is a lead of the event: on an affected unit's roster as lead, or assigned as lead to one of its shifts.</param>
    public static bool CanSeePhones(Viewer viewer, IReadOnlyCollection<int> eventUnits, bool isLead) =>
        CanChange(viewer, eventUnits) || isLead;

    /// <summary>Checks in for an assignment: the person themselves, or whoever changes the event.</summary>
    public static bool CanCheckIn(Viewer viewer, IReadOnlyCollection<int> eventUnits, ShiftAssignment assignment) =>
        viewer.EmployeeId == assignment.EmployeeId || CanChange(viewer, eventUnits);

    /// <summary>Files a unit's shift report: the lead assigned to that shift and unit, or whoever changes the event.</summary>
    public static bool CanFileReport(Viewer viewer, IReadOnlyCollection<int> eventUnits, bool isShiftLead) =>
        isShiftLead || CanChange(viewer, eventUnits);

    /// <summary>What the viewer may do with one event, for pages to show or hide their buttons.</summary>
    public static StormSteps Steps(Viewer viewer, StormEvent e, IReadOnlyCollection<int> units, bool isLead)
    {
        var change = CanChange(viewer, units);
        return new StormSteps(
            CanChange: change && e.State != StormState.Closed,
            CanActivate: change && e.State == StormState.Monitoring,
            CanStartRecovery: change && e.State == StormState.Activated,
            CanClose: change && e.State is StormState.Recovery or StormState.Monitoring,
            CanSeePhones: CanSeePhones(viewer, units, isLead),
            // Hours and the after-action review are mostly work done after the storm, so they stay open after close.
            CanKeepHours: change,
            CanWriteAfterAction: change && e.State is StormState.Recovery or StormState.Closed);
    }
}

/// <summary>The steps a viewer may take on an event.</summary>
public sealed record StormSteps(bool CanChange, bool CanActivate, bool CanStartRecovery, bool CanClose, bool CanSeePhones, bool CanKeepHours, bool CanWriteAfterAction);
