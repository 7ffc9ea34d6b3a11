using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Goals;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.People;
using OpsIntranet.Core.Units;

namespace OpsIntranet.Demo;

public enum DemoSeedResult { Loaded, AlreadyLoaded, DatabaseNotEmpty }

/// <summary>
/// Loads the demo department: nine units, their metric catalog with targets, ~45 employees, demo
/// accounts for every role and three fiscal years of monthly history up to last month. The data
/// depends only on the seed and on today's date, so two loads on the same day are identical. It
/// refuses to touch a database that already has units.
/// </summary>
public class DemoDataSeeder(AppDbContext db, UserManager<AppUser> users, RoleManager<AppRole> roles, TimeProvider clock, DemoPersonnel personnel, DemoImprovement improvement, DemoStorm storm, ILogger<DemoDataSeeder> logger)
{
    public const string DemoPassword = "OpsDemo!2026";
    public const string EmailDomain = "cityutility.example";
    private const int Seed = 20261001;

    /// <summary>The accounts shown on the sign-in page in Development.</summary>
    public static readonly IReadOnlyList<(string Role, string Email, string Who)> DemoAccounts =
    [
        (Roles.Supervisor, $"dana.reyes@{EmailDomain}", "Supervisor, Utility Contact Center"),
        (Roles.Supervisor, $"omar.haddad@{EmailDomain}", "Supervisor, Walk-In Unit"),
        (Roles.Manager, $"maria.alvarez@{EmailDomain}", "Customer Operations Manager (contact centers, walk-in, QA, training)"),
        (Roles.Manager, $"james.whitfield@{EmailDomain}", "Customer Operations Manager (billing, credit, commercial, energy)"),
        (Roles.Leadership, $"patricia.odum@{EmailDomain}", "Deputy Director, Customer Services"),
        (Roles.Administrator, $"kevin.tran@{EmailDomain}", "Business Systems Administrator"),
    ];

    public async Task<DemoSeedResult> SeedAsync(CancellationToken ct = default)
    {
        if (await db.Units.AnyAsync(ct))
        {
            var isDemo = await db.Employees.AnyAsync(e => e.Email == DemoAccounts[0].Email, ct);
            if (isDemo)
            {
                logger.LogInformation("Demo data is already loaded; nothing to do.");
                return DemoSeedResult.AlreadyLoaded;
            }
            logger.LogWarning("The database already has units that are not the demo data; demo data was not loaded.");
            return DemoSeedResult.DatabaseNotEmpty;
        }

        // Everything in one transaction: a load that fails leaves an empty database, never half a department.
        // A caller's transaction is joined instead (the every-day test loads and rolls back).
        var loaded = await db.InTransactionAsync(async () =>
        {
            // Two nodes starting together: the second waits here, then finds the data loaded.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(20261001)", ct);
            if (await db.Units.AnyAsync(ct)) return false;
            await LoadAsync(ct);
            return true;
        }, ct);
        if (!loaded) return DemoSeedResult.AlreadyLoaded;
        logger.LogInformation("Demo data loaded.");
        return DemoSeedResult.Loaded;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var random = new Random(Seed);
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new AppRole(role));

        var units = await AddUnitsAsync(ct);
        var people = await AddPeopleAsync(units, random, ct);
        await AddAccountsAsync(units, people, ct);
        await AddHistoryAsync(units, people, random, ct);
        await AddGoalsAsync(units, people, ct);
        await personnel.AddAsync(people, random, ct);
        await improvement.AddAsync(people, ct);
        await storm.AddAsync(people, ct);
        db.CityHolidays.AddRange(DemoCatalog.CityHolidays.Select(h => new CityHoliday { Date = h.Date, Name = h.Name }));
        await db.SaveChangesAsync(ct);
    }

    private async Task<Dictionary<string, Unit>> AddUnitsAsync(CancellationToken ct)
    {
        var (first, last) = HistoryRange();
        var units = new Dictionary<string, Unit>();
        var order = 0;
        foreach (var seed in DemoCatalog.Units)
        {
            var unit = new Unit { Code = seed.Code, Name = seed.Name, Description = seed.Description, SortOrder = ++order };
            var metricOrder = 0;
            foreach (var m in seed.Metrics)
            {
                var metric = new MetricDefinition
                {
                    Code = m.Code, Name = m.Name, Description = m.Description, UnitOfMeasure = m.Uom, Direction = m.Direction,
                    Decimals = m.Decimals, MinValue = DemoCatalog.MetricSeed.Min, MaxValue = m.Max, IsKey = m.IsKey, SortOrder = ++metricOrder,
                };
                if (m.Target is { } target)
                {
                    // Every year of the history and the year ahead, all with the same target: departments rarely move them.
                    for (var fy = DepartmentCalendar.FiscalYearOf(first); fy <= DepartmentCalendar.FiscalYearOf(last) + 1; fy++)
                        metric.Targets.Add(new MetricTarget { FiscalYear = fy, Target = (decimal)target, Tolerance = (decimal)m.Tolerance });
                }
                unit.Metrics.Add(metric);
            }
            db.Units.Add(unit);
            units[seed.Code] = unit;
        }
        await db.SaveChangesAsync(ct);
        return units;
    }

    private static readonly string[] FirstNames =
    [
        "Aisha", "Brian", "Carmen", "Derek", "Elena", "Frank", "Grace", "Hector", "Irene", "Jamal", "Keisha", "Luis", "Monica",
        "Nathan", "Olivia", "Pedro", "Quinn", "Rosa", "Samuel", "Tamika", "Victor", "Wendy", "Xavier", "Yolanda", "Zach",
        "Angela", "Brandon", "Crystal", "Darnell", "Erin", "Felix", "Gloria", "Howard", "Ivy", "Jorge",
    ];
    private static readonly string[] LastNames =
    [
        "Brooks", "Castillo", "Dawson", "Ellis", "Flores", "Garner", "Hughes", "Ingram", "Jenkins", "Kim", "Lopez", "Mitchell",
        "Nguyen", "Owens", "Patel", "Quintero", "Robinson", "Sanders", "Thompson", "Underwood", "Vasquez", "Washington", "Young",
        "Zimmerman", "Baker", "Coleman", "Diaz", "Evans", "Foster", "Grant", "Holloway", "Iverson", "Jordan", "Kowalski", "Lambert",
    ];

    internal sealed record People(Dictionary<string, Employee> ByEmail, Dictionary<string, List<Employee>> SupervisorsByUnit, Employee ManagerA, Employee ManagerB);

    private async Task<People> AddPeopleAsync(Dictionary<string, Unit> units, Random random, CancellationToken ct)
    {
        var byEmail = new Dictionary<string, Employee>(StringComparer.OrdinalIgnoreCase);
        Employee Add(string first, string last, string position, Unit? unit, Employee? reportsTo, DateOnly hired)
        {
            var e = new Employee
            {
                FirstName = first, LastName = last, Position = position, Unit = unit, ReportsTo = reportsTo, HireDate = hired,
                Email = $"{first}.{last}@{EmailDomain}".ToLowerInvariant(),
            };
            db.Employees.Add(e);
            byEmail[e.Email] = e;
            return e;
        }

        var deputy = Add("Patricia", "Odum", "Deputy Director, Customer Services", null, null, new DateOnly(2009, 3, 16));
        Add("Kevin", "Tran", "Business Systems Administrator", null, deputy, new DateOnly(2016, 8, 1));
        var managerA = Add("Maria", "Alvarez", "Customer Operations Manager", null, deputy, new DateOnly(2012, 5, 7));
        var managerB = Add("James", "Whitfield", "Customer Operations Manager", null, deputy, new DateOnly(2014, 1, 13));

        // Manager A: contact centers, walk-in, QA and training; manager B: the billing and revenue side.
        var supervisorNames = new (string Unit, string First, string Last)[]
        {
            ("UCC", "Dana", "Reyes"), ("UCC", "Marcus", "Bell"), ("TCC", "Lena", "Morrison"), ("WIU", "Omar", "Haddad"),
            ("CUS", "Rachel", "Stein"), ("CC", "Tyrone", "Gaines"), ("UBCP", "Priya", "Raman"), ("ES", "Colin", "Walsh"),
            ("QA", "Beatriz", "Souza"), ("TRN", "Hannah", "Lindqvist"),
        };
        var supervisorsByUnit = new Dictionary<string, List<Employee>>();
        foreach (var (code, first, last) in supervisorNames)
        {
            var manager = ManagerOf(code) == "A" ? managerA : managerB;
            var hired = new DateOnly(2010 + random.Next(0, 12), 1 + random.Next(0, 12), 1 + random.Next(0, 28));
            var sup = Add(first, last, "Customer Services Supervisor", units[code], manager, hired);
            if (!supervisorsByUnit.TryGetValue(code, out var list)) supervisorsByUnit[code] = list = [];
            list.Add(sup);
        }

        // Staff: three or four per unit, reporting to the unit's first supervisor.
        var staffPositions = new Dictionary<string, string>
        {
            ["UCC"] = "Customer Service Representative II", ["TCC"] = "Customer Service Representative II", ["WIU"] = "Customer Service Representative I",
            ["CUS"] = "Commercial Account Specialist", ["CC"] = "Collections Specialist", ["UBCP"] = "Billing Specialist",
            ["ES"] = "Energy Services Specialist", ["QA"] = "Quality Assurance Analyst", ["TRN"] = "Training Specialist",
        };
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var seed in DemoCatalog.Units)
        {
            var count = seed.Code is "UCC" or "CC" or "UBCP" ? 4 : 3;
            for (var i = 0; i < count; i++)
            {
                string first, last;
                do
                {
                    first = FirstNames[random.Next(FirstNames.Length)];
                    last = LastNames[random.Next(LastNames.Length)];
                } while (!used.Add(first + last));
                var hired = new DateOnly(2013 + random.Next(0, 13), 1 + random.Next(0, 12), 1 + random.Next(0, 28));
                var e = Add(first, last, staffPositions[seed.Code], units[seed.Code], supervisorsByUnit[seed.Code][0], hired);
                // One person left last spring: the directory keeps them, marked inactive.
                if (seed.Code == "WIU" && i == 2)
                {
                    e.IsActive = false;
                    e.LeftOn = DepartmentCalendar.Today(clock).AddMonths(-7);
                    if (e.HireDate > e.LeftOn) e.HireDate = e.LeftOn.Value.AddYears(-2);
                }
            }
        }
        await db.SaveChangesAsync(ct);
        return new People(byEmail, supervisorsByUnit, managerA, managerB);
    }

    internal static string ManagerOf(string unitCode) => unitCode is "UCC" or "TCC" or "WIU" or "QA" or "TRN" ? "A" : "B";

    private async Task AddAccountsAsync(Dictionary<string, Unit> units, People people, CancellationToken ct)
    {
        string? demoPasswordHash = null;
        async Task Account(Employee employee, string role, IEnumerable<Unit> scope)
        {
            var user = new AppUser
            {
                UserName = employee.Email, Email = employee.Email, EmailConfirmed = true, DisplayName = employee.FullName,
                EmployeeId = employee.Id, LockoutEnabled = true,
            };
            foreach (var unit in scope) user.Units.Add(new UserUnit { UnitId = unit.Id });
            // Every demo account has the same password: hashing it once keeps the load fast (hashing is deliberately slow).
            user.PasswordHash = demoPasswordHash ??= users.PasswordHasher.HashPassword(user, DemoPassword);
            var created = await users.CreateAsync(user);
            if (!created.Succeeded) throw new InvalidOperationException("Demo account could not be created: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
        }

        await Account(people.ByEmail[$"patricia.odum@{EmailDomain}"], Roles.Leadership, []);
        await Account(people.ByEmail[$"kevin.tran@{EmailDomain}"], Roles.Administrator, []);
        await Account(people.ManagerA, Roles.Manager, units.Values.Where(u => ManagerOf(u.Code) == "A"));
        await Account(people.ManagerB, Roles.Manager, units.Values.Where(u => ManagerOf(u.Code) == "B"));
        foreach (var (code, supervisors) in people.SupervisorsByUnit)
            foreach (var sup in supervisors)
                await Account(sup, Roles.Supervisor, [units[code]]);
        await db.SaveChangesAsync(ct);
    }

    private async Task AddHistoryAsync(Dictionary<string, Unit> units, People people, Random random, CancellationToken ct)
    {
        var accounts = await db.Users.Where(u => u.EmployeeId != null).ToDictionaryAsync(u => u.EmployeeId!.Value, u => u.Id, ct);
        var names = await db.Users.ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var (first, lastMonth) = HistoryRange();
        var totalMonths = (lastMonth.Year - first.Year) * 12 + lastMonth.Month - first.Month + 1;
        var now = clock.GetUtcNow();

        foreach (var seed in DemoCatalog.Units)
        {
            var unit = units[seed.Code];
            var supervisor = accounts[people.SupervisorsByUnit[seed.Code][0].Id];
            var manager = accounts[(ManagerOf(seed.Code) == "A" ? people.ManagerA : people.ManagerB).Id];
            // Each unit has one rough quarter somewhere in its history (a vacancy, a system cut-over).
            var roughPatch = 3 + random.Next(0, 27);
            var index = 0;
            for (var month = first; month <= lastMonth; month = month.AddMonths(1), index++)
            {
                var status = StatusOfDemoMonth(seed.Code, month, lastMonth);
                if (status is null) continue;
                // Most months arrive by the 10th; about one in ten a day or two late.
                var day = random.Next(0, 10) == 0 ? 10 + random.Next(1, 3) : 5 + random.Next(0, 6);
                var submittedAt = Min(ToInstant(month.AddMonths(1).AddDays(day - 1), 15), now.AddHours(-2));
                var submission = new MetricSubmission
                {
                    UnitId = unit.Id, Month = month, Status = status.Value,
                    CreatedAt = Min(ToInstant(month.AddMonths(1).AddDays(1), 9), now.AddHours(-3)), UpdatedAt = submittedAt,
                    SubmittedAt = status == SubmissionStatus.Draft ? null : submittedAt,
                    SubmittedByUserId = status == SubmissionStatus.Draft ? null : supervisor,
                    ApprovedAt = status == SubmissionStatus.Approved ? Min(submittedAt.AddDays(2), now.AddHours(-1)) : null,
                    ApprovedByUserId = status == SubmissionStatus.Approved ? manager : null,
                };
                submission.Events.Add(new SubmissionEvent { Action = SubmissionAction.Created, At = submission.CreatedAt, UserId = supervisor, UserName = names[supervisor] });
                if (submission.SubmittedAt is { } sent)
                    submission.Events.Add(new SubmissionEvent { Action = SubmissionAction.Submitted, At = sent, UserId = supervisor, UserName = names[supervisor] });
                if (submission.ApprovedAt is { } approved)
                    submission.Events.Add(new SubmissionEvent { Action = SubmissionAction.Approved, At = approved, UserId = manager, UserName = names[manager] });
                var generated = new Dictionary<string, decimal>();
                foreach (var (metric, metricSeed) in unit.Metrics.Zip(seed.Metrics))
                {
                    var value = Generate(metricSeed, seed.Code, month, index, totalMonths - 1 - index, index - roughPatch is >= 0 and < 3, random);
                    // Calls answered follow from calls offered and the abandonment rate, as they do in a real ACD report.
                    if (metricSeed.Code == "calls_answered" && generated.TryGetValue("calls_offered", out var offered))
                        value = Math.Round(offered * (1 - (generated.GetValueOrDefault("abandonment_rate", 4.5m) + 1.5m) / 100m), 0);
                    generated[metricSeed.Code] = value;
                    var target = metric.TargetFor(DepartmentCalendar.FiscalYearOf(month));
                    var red = StatusRules.Evaluate(metric, target, value) == MetricStatus.Red;
                    submission.Values.Add(new MetricValue
                    {
                        MetricDefinitionId = metric.Id, Value = value,
                        Explanation = red ? Explanations[random.Next(Explanations.Length)] : null,
                    });
                }
                db.MetricSubmissions.Add(submission);
            }
        }
        await db.SaveChangesAsync(ct);
        // Thousands of tracked values would make every later save of the load scan them all again.
        foreach (var entry in db.ChangeTracker.Entries<MetricValue>().ToList()) entry.State = EntityState.Detached;
        foreach (var entry in db.ChangeTracker.Entries<SubmissionEvent>().ToList()) entry.State = EntityState.Detached;
        foreach (var entry in db.ChangeTracker.Entries<MetricSubmission>().ToList()) entry.State = EntityState.Detached;
    }

    /// <summary>Two goals per unit for the current fiscal year: one tied to a key metric, one a project; a first progress update each.</summary>
    private async Task AddGoalsAsync(Dictionary<string, Unit> units, People people, CancellationToken ct)
    {
        var fy = DepartmentCalendar.FiscalYearOf(DepartmentCalendar.Today(clock));
        var names = await db.Users.ToDictionaryAsync(u => u.EmployeeId ?? 0, u => (u.Id, u.DisplayName), ct);
        var projects = new Dictionary<string, string>
        {
            ["UCC"] = "Cross-train six agents on the billing-dispute queue", ["TCC"] = "Launch online paratransit trip booking with IT",
            ["WIU"] = "Add a second cashier window during the first week of each month", ["CUS"] = "Move deposit reviews onto the new workflow tool",
            ["CC"] = "Offer extended payment plans before disconnection notices", ["UBCP"] = "Run a paperless-billing campaign with the fall bill insert",
            ["ES"] = "Cut rebate paperwork to one online form", ["QA"] = "Calibrate QA scoring with every supervisor each quarter",
            ["TRN"] = "Rebuild new-hire onboarding around the new billing system",
        };
        foreach (var seed in DemoCatalog.Units)
        {
            var unit = units[seed.Code];
            var owner = people.SupervisorsByUnit[seed.Code][0];
            var manager = ManagerOf(seed.Code) == "A" ? people.ManagerA : people.ManagerB;
            var key = unit.Metrics.First(m => m.IsKey && m.Direction != MetricDirection.Informational);
            var fyTarget = key.TargetFor(fy)!.Target;
            // A stretch past the standing target, in the metric's own direction.
            var stretch = key.Direction == MetricDirection.HigherIsBetter ? fyTarget + (key.UnitOfMeasure == UnitOfMeasure.Percent ? 2 : fyTarget * 0.05m) : fyTarget * 0.9m;
            var created = clock.GetUtcNow().AddDays(-20);
            var metricGoal = new UnitGoal
            {
                UnitId = unit.Id, FiscalYear = fy, Statement = $"Reach {MetricFormatting.TargetText(key, new MetricTarget { Target = Math.Round(stretch, key.Decimals) })} {key.Name.ToLowerInvariant()} for the year",
                OwnerEmployeeId = owner.Id, DueDate = DepartmentCalendar.FiscalYearEnd(fy), Weight = 60, Status = GoalStatus.OnTrack,
                MetricDefinitionId = key.Id, MetricTarget = Math.Round(stretch, key.Decimals), CreatedAt = created, CreatedByUserId = names[manager.Id].Id,
            };
            var project = new UnitGoal
            {
                UnitId = unit.Id, FiscalYear = fy, Statement = projects[seed.Code], OwnerEmployeeId = owner.Id,
                DueDate = DepartmentCalendar.FiscalYearStart(fy).AddMonths(6).AddDays(-1), Weight = 40, Status = seed.Code is "WIU" or "CC" ? GoalStatus.AtRisk : GoalStatus.OnTrack,
                CreatedAt = created, CreatedByUserId = names[manager.Id].Id,
            };
            project.Updates.Add(new GoalUpdate
            {
                Date = DepartmentCalendar.Today(clock).AddDays(-7), Status = project.Status, At = clock.GetUtcNow().AddDays(-7),
                AuthorUserId = names[owner.Id].Id, AuthorName = names[owner.Id].DisplayName,
                Note = project.Status == GoalStatus.AtRisk ? "Waiting on a budget decision; staffing is the constraint." : "Plan agreed with the team; first milestone scheduled.",
            });
            db.UnitGoals.AddRange(metricGoal, project);

            // Last year's goal, so last year's evaluations have goal attainment to show.
            var lastTarget = key.TargetFor(fy - 1)?.Target ?? fyTarget;
            db.UnitGoals.Add(new UnitGoal
            {
                UnitId = unit.Id, FiscalYear = fy - 1, Statement = $"Hold {key.Name.ToLowerInvariant()} at {MetricFormatting.TargetText(key, new MetricTarget { Target = lastTarget })} all year",
                OwnerEmployeeId = owner.Id, DueDate = DepartmentCalendar.FiscalYearEnd(fy - 1), Weight = 100, Status = GoalStatus.Done,
                MetricDefinitionId = key.Id, CreatedAt = created.AddYears(-1), CreatedByUserId = names[manager.Id].Id,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Three whole fiscal years before the current one, plus the current one up to last month.</summary>
    private (DateOnly First, DateOnly Last) HistoryRange()
    {
        var lastMonth = DepartmentCalendar.PreviousMonth(clock);
        return (DepartmentCalendar.FiscalYearStart(DepartmentCalendar.FiscalYearOf(lastMonth) - 3), lastMonth);
    }

    /// <summary>Last month is still in progress for some units, as it would be around the due date.</summary>
    private static SubmissionStatus? StatusOfDemoMonth(string unitCode, DateOnly month, DateOnly lastMonth)
    {
        if (month < lastMonth) return SubmissionStatus.Approved;
        return unitCode switch
        {
            "TCC" or "ES" => SubmissionStatus.Submitted,
            "WIU" => SubmissionStatus.Draft,
            "TRN" => null,
            _ => SubmissionStatus.Approved,
        };
    }

    private static readonly string[] Explanations =
    [
        "Staffing shortfall: three vacancies and two agents on leave during the month.",
        "Outage of the billing system for two days created a backlog that carried into the month.",
        "Seasonal bill spike after the rate change; overtime approved for the following month.",
        "Storm restoration calls pushed volume well above forecast for a week.",
        "New-hire class still in nesting; handle times expected to fall next month.",
    ];

    /// <summary>
    /// A plausible value: the metric's typical level, pulled the wrong way at the winter and summer
    /// billing peaks, with noise, a slow improvement over the years and one rough patch per unit.
    /// </summary>
    private static decimal Generate(DemoCatalog.MetricSeed m, string unitCode, DateOnly month, int index, int monthsFromEnd, bool rough, Random random)
    {
        var peak = Math.Cos(2 * Math.PI * (month.Month - 1) / 6.0); // +1 in January and July, −1 in April and October
        var noise = NextGaussian(random);
        double value;
        if (m.Direction == MetricDirection.Informational)
        {
            value = m.Typical * (1 + m.Seasonal * peak + m.Spread * noise + 0.004 * index);
        }
        else
        {
            var worse = m.Direction == MetricDirection.HigherIsBetter ? -1 : 1;
            var improvement = -worse * m.Spread * 0.015 * index;
            value = m.Typical + worse * m.Seasonal * Math.Max(peak, 0) + 1.3 * m.Spread * noise + improvement;
            if (rough) value += worse * m.Spread * 1.8;
            // A rough patch: the walk-in unit's waits grew over the last few months (a vacancy), which the trend signals should catch.
            if (unitCode == "WIU" && m.Code is "avg_wait" or "served_15")
            {
                if (monthsFromEnd < 3) value += worse * m.Spread * 1.2 * (3 - monthsFromEnd);
            }
        }
        var min = (double)(DemoCatalog.MetricSeed.Min ?? decimal.MinValue);
        var max = m.Max is { } mx ? (double)mx : double.MaxValue;
        value = Math.Clamp(value, min, max);
        return Math.Round((decimal)value, m.Decimals, MidpointRounding.AwayFromZero);
    }

    private static double NextGaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Clamp(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2), -3, 3);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset ToInstant(DateOnly day, int hour)
    {
        var local = day.ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, DepartmentCalendar.TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }
}
