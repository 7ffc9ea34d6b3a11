using Microsoft.AspNetCore.Identity;

namespace OpsIntranet.Core.Identity;

/// <summary>A sign-in account. Supervisors and managers are employees with accounts; the link is optional for service accounts.</summary>
public class AppUser : IdentityUser<int>
{
    public required string DisplayName { get; set; }
    public int? EmployeeId { get; set; }
    public People.Employee? Employee { get; set; }

    /// <summary>The units this person supervises or manages; empty for leadership and administrators, who see all.</summary>
    public List<UserUnit> Units { get; } = [];

    /// <summary>PostgreSQL xmin: two administrators changing one account's roles or units cannot overwrite each other.</summary>
    public uint Version { get; set; }

    /// <summary>Disabled by an administrator or because the person left: the lockout never ends (the convention the session check and the sign-in share).</summary>
    public bool IsDisabled => LockoutEnd == DateTimeOffset.MaxValue;
}

public class AppRole : IdentityRole<int>
{
    public AppRole() { }
    public AppRole(string name) : base(name) { }
}

/// <summary>Assigns a user to a unit: the unit scope of supervisors and managers.</summary>
public class UserUnit
{
    public int UserId { get; set; }
    public AppUser? User { get; set; }
    public int UnitId { get; set; }
    public Units.Unit? Unit { get; set; }
}

public static class Roles
{
    public const string Supervisor = nameof(Supervisor);
    public const string Manager = nameof(Manager);
    public const string Leadership = nameof(Leadership);
    public const string Administrator = nameof(Administrator);

    public static readonly IReadOnlyList<string> All = [Supervisor, Manager, Leadership, Administrator];
}
