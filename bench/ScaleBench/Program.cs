// Scale data and import benchmark. Commands:
//   generate <connection>   migrates, then loads 50 units × 15 metrics × 10 years (approved), 3,000 employees,
//                           the accounts bench.manager@… / bench.leader@… (password OpsDemo!2026), and the newer
//                           pages' data (an evaluation cycle of 3,000, 100 subscriptions, a storm with shifts over 50 units)
//   import <connection>     imports 100,000 values from CSV through the product's importer, beside a plain COPY of the same rows
// bench/run.sh drives both and the HTTP load test; it prints the figures.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using OpsIntranet.Core;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Metrics;

if (args.Length < 2) { Console.Error.WriteLine("usage: ScaleBench generate|import <connection string>"); return 2; }
var connectionString = args[1];
var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Ops"] = connectionString }).Build();
var services = new ServiceCollection().AddLogging().AddOpsCore(config);
services.AddIdentityCore<AppUser>().AddRoles<AppRole>().AddEntityFrameworkStores<AppDbContext>();
await using var provider = services.BuildServiceProvider();
using var scope = provider.CreateScope();
var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

if (args[0] == "generate") return await Generate();
if (args[0] == "import") return await Import();
Console.Error.WriteLine($"unknown command {args[0]}");
return 2;

async Task<int> Generate()
{
    var sw = Stopwatch.StartNew();
    await db.Database.MigrateAsync();
    if (await db.Units.AnyAsync()) { Console.WriteLine("scale data already loaded"); return 0; }
    await using var conn = new NpgsqlConnection(connectionString);
    await conn.OpenAsync();
    const int units = 50, metricsPerUnit = 15, years = 10;
    var last = new DateOnly(2026, 10, 1);
    var first = last.AddMonths(-(years * 12 - 1));
    var random = new Random(7);

    await Exec(conn, $"INSERT INTO units (name, code, sort_order, is_active) SELECT 'Scale unit ' || lpad(i::text, 2, '0'), 'S' || lpad(i::text, 2, '0'), i, true FROM generate_series(1, {units}) i");
    await Exec(conn, $"""
        INSERT INTO metric_definitions (unit_id, name, code, unit_of_measure, direction, decimals, min_value, max_value, is_key, sort_order, is_active)
        SELECT u.id, 'Metric ' || m, 'm' || m, CASE WHEN m % 3 = 0 THEN 0 ELSE 1 END, m % 3, 1, 0, CASE WHEN m % 3 = 0 THEN NULL ELSE 100 END, m <= 4, m, true
        FROM units u CROSS JOIN generate_series(1, {metricsPerUnit}) m
        """);
    await Exec(conn, $"""
        INSERT INTO metric_targets (metric_definition_id, fiscal_year, target, tolerance)
        SELECT d.id, fy, CASE d.direction WHEN 0 THEN 80 ELSE 20 END, 3 FROM metric_definitions d CROSS JOIN generate_series({first.Year}, {last.Year + 1}) fy WHERE d.direction <> 2
        """);
    await Exec(conn, $"""
        INSERT INTO metric_submissions (unit_id, month, status, submitted_at, approved_at, created_at, updated_at, revision)
        SELECT u.id, m::date, 3, m + interval '40 days', m + interval '42 days', m + interval '35 days', m + interval '42 days', 2
        FROM units u CROSS JOIN generate_series('{first:yyyy-MM-dd}'::date, '{last:yyyy-MM-dd}'::date, interval '1 month') m
        """);
    var rows = new List<(int Submission, int Metric, int Direction)>();
    await using (var cmd = new NpgsqlCommand("SELECT s.id, d.id, d.direction FROM metric_submissions s JOIN metric_definitions d ON d.unit_id = s.unit_id", conn))
    await using (var reader = await cmd.ExecuteReaderAsync())
        while (await reader.ReadAsync()) rows.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)));
    await using (var copy = await conn.BeginBinaryImportAsync("COPY metric_values (submission_id, metric_definition_id, value) FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var (submission, metric, direction) in rows)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(submission, NpgsqlDbType.Integer);
            await copy.WriteAsync(metric, NpgsqlDbType.Integer);
            var value = direction switch { 0 => 82 + random.NextDouble() * 6 - 4, 1 => 18 + random.NextDouble() * 6 - 2, _ => 1000 + random.NextDouble() * 200 };
            await copy.WriteAsync(Math.Round((decimal)value, 1), NpgsqlDbType.Numeric);
        }
        await copy.CompleteAsync();
    }
    await Exec(conn, """
        INSERT INTO employees (first_name, last_name, position, email, unit_id, hire_date, is_active)
        SELECT 'Person', lpad(i::text, 4, '0'), 'Customer Service Representative', 'person' || i || '@scale.example', (SELECT id FROM units ORDER BY id OFFSET (i % 50) LIMIT 1), DATE '2015-01-01' + (i % 3000), true
        FROM generate_series(1, 3000) i
        """);

    var roles = scope.ServiceProvider.GetRequiredService<RoleManager<AppRole>>();
    foreach (var role in Roles.All) await roles.CreateAsync(new AppRole(role));
    var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
    var unitIds = await db.Units.Select(u => u.Id).ToListAsync();
    foreach (var (email, role) in new[] { ("bench.manager@scale.example", Roles.Manager), ("bench.leader@scale.example", Roles.Leadership) })
    {
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        if (role == Roles.Manager) foreach (var id in unitIds) user.Units.Add(new UserUnit { UnitId = id });
        var created = await users.CreateAsync(user, "OpsDemo!2026");
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        if (role == Roles.Manager) await users.AddToRoleAsync(user, Roles.Supervisor);
    }
    var pages = await GeneratePageData();
    Console.WriteLine($"generated {units} units × {metricsPerUnit} metrics × {years * 12} months = {rows.Count:N0} values, 3,000 employees, {pages} in {sw.Elapsed.TotalSeconds:F1} s");
    return 0;
}

// The newer pages' data at the same scale: an annual evaluation cycle of all 3,000 people approved (the cycle page's
// packet list), 100 report subscriptions of the manager, and a storm event over the 50 units with six 12-hour
// shifts, each needing 3 call takers and a lead per unit, with 3 people assigned (the coverage board).
async Task<string> GeneratePageData()
{
    var manager = await db.Users.SingleAsync(u => u.UserName == "bench.manager@scale.example");
    var leader = await db.Users.SingleAsync(u => u.UserName == "bench.leader@scale.example");
    var people = await db.Employees.AsNoTracking().OrderBy(e => e.Id).Select(e => new { e.Id, e.UnitId }).ToListAsync();
    var unitIds = await db.Units.OrderBy(u => u.SortOrder).Select(u => u.Id).ToListAsync();
    var now = new DateTimeOffset(2026, 11, 20, 14, 0, 0, TimeSpan.Zero);

    var cycle = new OpsIntranet.Core.Evaluations.EvaluationCycle
    {
        Name = "Annual evaluations FY2026", Kind = OpsIntranet.Core.Evaluations.CycleKind.Annual, PeriodStart = new DateOnly(2025, 7, 1), PeriodEnd = new DateOnly(2026, 6, 30),
        DueDate = new DateOnly(2026, 9, 30), CreatedAt = now.AddMonths(-4), CreatedByUserId = manager.Id, CreatedByName = manager.DisplayName,
    };
    foreach (var p in people)
        cycle.Evaluations.Add(new OpsIntranet.Core.Evaluations.Evaluation
        {
            EmployeeId = p.Id, UnitId = p.UnitId, EvaluatorUserId = manager.Id, ReviewerUserId = leader.Id, Status = OpsIntranet.Core.Evaluations.EvaluationStatus.Approved,
            Strengths = "Steady, accurate work on the phones.", AreasToImprove = "First-call resolution on billing questions.", OverallScore = 3.4m,
            SubmittedAt = now.AddMonths(-2), ApprovedAt = now.AddMonths(-2).AddDays(3), Revision = 1,
        });
    db.EvaluationCycles.Add(cycle);

    for (var i = 1; i <= 100; i++)
        db.ReportSubscriptions.Add(new OpsIntranet.Core.Subscriptions.ReportSubscription
        {
            Name = $"Scorecard for units {i % 50 + 1}–{(i + 4) % 50 + 1} ({i:000})", ReportKind = "department-scorecard",
            UnitIds = [unitIds[i % 50], unitIds[(i + 1) % 50], unitIds[(i + 4) % 50]], PeriodRule = OpsIntranet.Core.Subscriptions.PeriodRule.PreviousMonth,
            ScheduleKind = i % 3 == 0 ? OpsIntranet.Core.Subscriptions.ScheduleKind.Weekly : OpsIntranet.Core.Subscriptions.ScheduleKind.MonthlyOnBusinessDay,
            Day = i % 3 == 0 ? null : i % 10 + 1, Weekday = i % 3 == 0 ? DayOfWeek.Monday : null,
            Addresses = [$"reader{i}@scale.example"], Subject = "Monthly scorecard", OwnerUserId = manager.Id, CreatedAt = now, UpdatedAt = now,
        });

    var storm = new OpsIntranet.Core.Storm.StormEvent
    {
        Name = "Hurricane Scale", Kind = OpsIntranet.Core.Storm.StormKind.Hurricane, Level = OpsIntranet.Core.Storm.ActivationLevel.Monitoring,
        State = OpsIntranet.Core.Storm.StormState.Monitoring, StartsAt = now.AddDays(-1), ExpectedImpactAt = now.AddDays(1), CreatedAt = now.AddDays(-1),
        CreatedByUserId = manager.Id, CreatedByName = manager.DisplayName,
    };
    foreach (var u in unitIds) storm.Units.Add(new OpsIntranet.Core.Storm.StormEventUnit { UnitId = u });
    storm.Steps.Add(new OpsIntranet.Core.Storm.StormEventStep { ToState = OpsIntranet.Core.Storm.StormState.Monitoring, Level = OpsIntranet.Core.Storm.ActivationLevel.Monitoring, At = now.AddDays(-1), ByUserId = manager.Id, ByName = manager.DisplayName });
    db.StormEvents.Add(storm);
    await db.SaveChangesAsync();
    var byUnit = people.Where(p => p.UnitId is not null).ToLookup(p => p.UnitId!.Value, p => p.Id);
    for (var s = 0; s < 6; s++)
    {
        var shift = new OpsIntranet.Core.Storm.StormShift { EventId = storm.Id, Label = $"Shift {s + 1}", StartsAt = now.AddHours(12 * s - 6), EndsAt = now.AddHours(12 * s + 6) };
        foreach (var u in unitIds)
        {
            shift.Requirements.Add(new OpsIntranet.Core.Storm.ShiftRequirement { UnitId = u, Role = OpsIntranet.Core.Storm.StormRole.CallTaker, Required = 3 });
            shift.Requirements.Add(new OpsIntranet.Core.Storm.ShiftRequirement { UnitId = u, Role = OpsIntranet.Core.Storm.StormRole.Lead, Required = 1 });
            // A different three people each shift; every fourth unit one short of call takers and without a lead.
            foreach (var (employee, k) in byUnit[u].Skip(3 * s).Take(u % 4 == 0 ? 2 : 3).Select((e, k) => (e, k)))
                shift.Assignments.Add(new OpsIntranet.Core.Storm.ShiftAssignment
                {
                    UnitId = u, EmployeeId = employee, Role = k == 2 ? OpsIntranet.Core.Storm.StormRole.Lead : OpsIntranet.Core.Storm.StormRole.CallTaker,
                    Availability = s == 0 ? OpsIntranet.Core.Storm.Availability.Available : OpsIntranet.Core.Storm.Availability.NotCheckedIn,
                });
        }
        db.StormShifts.Add(shift);
    }
    await db.SaveChangesAsync();
    return $"a cycle of {people.Count:N0} approved evaluations, 100 subscriptions, a storm over {unitIds.Count} units with 6 shifts";
}

async Task<int> Import()
{
    await using var conn = new NpgsqlConnection(connectionString);
    await conn.OpenAsync();
    // One unit with 311 metrics × 322 months (Jan 2000 – Oct 2026) ≈ 100,000 values.
    var unitId = (int)(await new NpgsqlCommand("INSERT INTO units (name, code, sort_order, is_active) VALUES ('Import bench', 'IMPB', 999, true) ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id", conn).ExecuteScalarAsync())!;
    await Exec(conn, $"DELETE FROM metric_submissions WHERE unit_id = {unitId}");
    await Exec(conn, $"""
        INSERT INTO metric_definitions (unit_id, name, code, unit_of_measure, direction, decimals, min_value, is_key, sort_order, is_active)
        SELECT {unitId}, 'Import metric ' || m, 'im' || m, 0, 2, 0, 0, false, m, true FROM generate_series(1, 311) m
        ON CONFLICT (unit_id, code) DO NOTHING
        """);
    var codes = Enumerable.Range(1, 311).Select(i => "im" + i).ToList();
    var months = Enumerable.Range(0, 322).Select(i => new DateOnly(2000, 1, 1).AddMonths(i)).ToList();
    var sb = new StringBuilder("month,metric_code,value,explanation\n");
    var n = 0;
    foreach (var month in months)
        foreach (var code in codes) { sb.Append(month.ToString("yyyy-MM", CultureInfo.InvariantCulture)).Append(',').Append(code).Append(',').Append(n++ % 5000).Append(",\n"); }
    var bytes = Encoding.UTF8.GetBytes(sb.ToString());

    // The import runs as the bench's manager, assigned to the bench unit like any unit she enters data for.
    var manager = await db.Users.Where(u => u.UserName == "bench.manager@scale.example").Select(u => u.Id).SingleAsync();
    await Exec(conn, $"INSERT INTO user_units (user_id, unit_id) VALUES ({manager}, {unitId}) ON CONFLICT DO NOTHING");
    var viewer = await scope.ServiceProvider.GetRequiredService<OpsIntranet.Core.Access.Viewers>().ForUserAsync(manager);
    var importer = scope.ServiceProvider.GetRequiredService<MetricImportService>();
    var sw = Stopwatch.StartNew();
    var result = await importer.ImportAsync(viewer, unitId, new MemoryStream(bytes), bytes.Length);
    var importSeconds = sw.Elapsed.TotalSeconds;
    if (!result.Succeeded) { Console.Error.WriteLine($"import failed: {result.Error} {string.Join("; ", result.Errors.Take(3).Select(e => e.Message))}"); return 1; }

    // Baseline: the same rows, parsed from the same text, COPYed into a bare table — the floor for any importer.
    await Exec(conn, "DROP TABLE IF EXISTS bench_copy; CREATE UNLOGGED TABLE bench_copy (month date, metric_code text, value numeric(18,4))");
    sw.Restart();
    await using (var copy = await conn.BeginBinaryImportAsync("COPY bench_copy (month, metric_code, value) FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n').Skip(1))
        {
            if (line.Length == 0) continue;
            var f = line.Split(',');
            await copy.StartRowAsync();
            await copy.WriteAsync(DateOnly.ParseExact(f[0] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlDbType.Date);
            await copy.WriteAsync(f[1], NpgsqlDbType.Text);
            await copy.WriteAsync(decimal.Parse(f[2], CultureInfo.InvariantCulture), NpgsqlDbType.Numeric);
        }
        await copy.CompleteAsync();
    }
    var copySeconds = sw.Elapsed.TotalSeconds;
    Console.WriteLine($"CSV import of {result.Values:N0} values ({result.Months} months, {bytes.Length / 1024.0 / 1024:F1} MB): {importSeconds:F2} s through the product's importer (validation, trail, upsert)");
    Console.WriteLine($"plain binary COPY of the same rows into a bare table:                {copySeconds:F2} s  (importer ×{importSeconds / copySeconds:F1} of COPY)");
    return 0;
}

static async Task Exec(NpgsqlConnection conn, string sql)
{
    await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 600 };
    await cmd.ExecuteNonQueryAsync();
}
