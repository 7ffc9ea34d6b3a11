namespace OpsIntranet.Core.Storm;

/// <summary>What an essential person does during an event.</summary>
public enum StormRole
{
    CallTaker = 0,
    Lead = 1,
    WalkIn = 2,
    DispatcherLiaison = 3,
    Other = 4,
}

public enum Availability
{
    /// <summary>Assigned, has not checked in yet: counted as covering the shift until they say otherwise (<see cref="CoverageLine"/>).</summary>
    NotCheckedIn = 0,
    Available = 1,
    /// <summary>Cannot come (with a reason).</summary>
    Unavailable = 2,
    Evacuated = 3,
}

/// <summary>A person on a unit's essential-staff roster: reachable at a phone number, with a role during events.</summary>
public class EssentialStaff
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public Units.Unit? Unit { get; set; }
    public int EmployeeId { get; set; }
    public People.Employee? Employee { get; set; }
    /// <summary>A personal number: only the event's managers and leads see it (<see cref="StormAccess.CanSeePhones"/>).</summary>
    public required string Phone { get; set; }
    public StormRole Role { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }
}

/// <summary>A shift of an event: its true UTC start and end, so one across a daylight-saving change has its real length.</summary>
public class StormShift
{
    public int Id { get; set; }
    public int EventId { get; set; }
    public StormEvent? Event { get; set; }
    /// <summary>"A" (day) or "B" (night) in the default rotation; anything short the manager types.</summary>
    public required string Label { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public uint Version { get; set; }
    public List<ShiftRequirement> Requirements { get; } = [];
    public List<ShiftAssignment> Assignments { get; } = [];

    public decimal Hours => (decimal)(EndsAt - StartsAt).TotalHours;
}

/// <summary>How many people of a role a unit needs on a shift.</summary>
public class ShiftRequirement
{
    public int Id { get; set; }
    public int ShiftId { get; set; }
    public StormShift? Shift { get; set; }
    public int UnitId { get; set; }
    public Units.Unit? Unit { get; set; }
    public StormRole Role { get; set; }
    public int Required { get; set; }
}

/// <summary>A person on a shift in a role, and their check-in: available, unavailable (with a reason) or evacuated.</summary>
public class ShiftAssignment
{
    public int Id { get; set; }
    public int ShiftId { get; set; }
    public StormShift? Shift { get; set; }
    public int UnitId { get; set; }
    public Units.Unit? Unit { get; set; }
    public int EmployeeId { get; set; }
    public People.Employee? Employee { get; set; }
    public StormRole Role { get; set; }
    public Availability Availability { get; set; }
    public string? UnavailableReason { get; set; }
    public DateTimeOffset? CheckedInAt { get; set; }
    public uint Version { get; set; }
}

/// <summary>
/// One unit's report for one shift, filed by the shift's lead. Unique per (shift, unit) in the database; late when
/// filed (or still missing) more than <see cref="ShiftReportService.Grace"/> after the shift ended.
/// </summary>
public class ShiftReport
{
    public int Id { get; set; }
    public int ShiftId { get; set; }
    public StormShift? Shift { get; set; }
    public int UnitId { get; set; }
    public Units.Unit? Unit { get; set; }
    public int CallsOffered { get; set; }
    public int CallsAnswered { get; set; }
    public int CallsAbandoned { get; set; }
    public int AverageSpeedOfAnswerSeconds { get; set; }
    public int OutageReportsTaken { get; set; }
    public int CallbacksPending { get; set; }
    public bool LobbyOpen { get; set; }
    public string? StaffingProblems { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset FiledAt { get; set; }
    public int FiledByUserId { get; set; }
    public required string FiledByName { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public uint Version { get; set; }

    /// <summary>Abandoned as a share of offered, in percent (one decimal); null when nothing was offered.</summary>
    public decimal? AbandonRate => CallsOffered == 0 ? null : Math.Round(100m * CallsAbandoned / CallsOffered, 1, MidpointRounding.AwayFromZero);
}

/// <summary>
/// Time a person worked during an event on one Eastern day: recorded from a shift assignment (a shift across midnight
/// gives two rows) or added by a manager, and correctable by the manager (start, end, overtime).
/// </summary>
public class StormHours
{
    public int Id { get; set; }
    public int EventId { get; set; }
    public StormEvent? Event { get; set; }
    public int EmployeeId { get; set; }
    public People.Employee? Employee { get; set; }
    /// <summary>The assignment it was recorded from; null for a row the manager added.</summary>
    public int? AssignmentId { get; set; }
    public ShiftAssignment? Assignment { get; set; }
    /// <summary>The Eastern calendar day the time falls on.</summary>
    public DateOnly Day { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    /// <summary>Set by a manager to override the weekly rule's overtime for this row (e.g. a call-back paid as overtime); null: the rule decides.</summary>
    public decimal? OvertimeOverride { get; set; }
    public string? CorrectedByName { get; set; }
    public DateTimeOffset? CorrectedAt { get; set; }
    public string? CorrectionNote { get; set; }
    public uint Version { get; set; }

    public decimal Hours => Math.Round((decimal)(EndsAt - StartsAt).TotalHours, 2);
}

/// <summary>The after-action review written at close: what went well, what to improve, and the improvement items.</summary>
public class AfterActionReview
{
    public int Id { get; set; }
    public int EventId { get; set; }
    public StormEvent? Event { get; set; }
    public required string WentWell { get; set; }
    public required string ToImprove { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedByName { get; set; }
    public uint Version { get; set; }
    public List<AfterActionItem> Items { get; } = [];
}

/// <summary>An improvement item with an owner; once turned into an initiative it points at it (and only one).</summary>
public class AfterActionItem
{
    public int Id { get; set; }
    public int ReviewId { get; set; }
    public AfterActionReview? Review { get; set; }
    public required string Description { get; set; }
    public int OwnerEmployeeId { get; set; }
    public People.Employee? Owner { get; set; }
    public int? InitiativeId { get; set; }
    public Improvement.Initiative? Initiative { get; set; }
}
