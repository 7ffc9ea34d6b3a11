// Scale data and import benchmark. Commands:
//   generate <connection>   migrates, then loads 50 units × 15 metrics × 10 years (approved), 3,000 employees,
//                           the accounts bench.manager@… / bench.leader@… (password OpsDemo!2026), and the newer
//                           pages' data (an evaluation cycle of 3,000, 100 subscriptions, a storm with shifts over 50 units)
//   import <connection> [metrics]  imports 100,000 values (311 metrics × 322 months; 622 doubles it) from a CSV file through
//                           the product's importer, beside a COPY of the same rows into the real metric_values table, rolled back
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
    // import <connection> [metrics per month, default 311]: 311 metrics × 322 months (Jan 2000 – Oct 2026) ≈ 100,000 values;
    // 622 doubles the file, to show that the importer's memory does not grow with it beyond the validated rows.
    var metricCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 311;
    const int rounds = 3;
    await using var conn = new NpgsqlConnection(connectionString);
    await conn.OpenAsync();
    var unitId = (int)(await new NpgsqlCommand("INSERT INTO units (name, code, sort_order, is_active) VALUES ('Import bench', 'IMPB', 999, true) ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id", conn).ExecuteScalarAsync())!;
    await Exec(conn, $"""
        INSERT INTO metric_definitions (unit_id, name, code, unit_of_measure, direction, decimals, min_value, is_key, sort_order, is_active)
        SELECT {unitId}, 'Import metric ' || m, 'im' || m, 0, 2, 0, 0, false, m, true FROM generate_series(1, {metricCount}) m
        ON CONFLICT (unit_id, code) DO NOTHING
        """);
    await Exec(conn, $"UPDATE metric_definitions SET is_active = (sort_order <= {metricCount}) WHERE unit_id = {unitId}");
    var codes = Enumerable.Range(1, metricCount).Select(i => "im" + i).ToList();
    var months = Enumerable.Range(0, 322).Select(i => new DateOnly(2000, 1, 1).AddMonths(i)).ToList();

    // The file on disk, as ASP.NET Core buffers a large upload: the importer streams it, as it does in the product.
    var path = Path.Combine(Path.GetTempPath(), $"scalebench-import-{Environment.ProcessId}.csv");
    await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
    {
        await writer.WriteAsync("month,metric_code,value,explanation\n");
        var n = 0;
        foreach (var month in months)
            foreach (var code in codes) await writer.WriteAsync($"{month:yyyy-MM},{code},{n++ % 5000},\n");
    }
    var fileBytes = new FileInfo(path).Length;

    // The import runs as the bench's manager, assigned to the bench unit like any unit she enters data for.
    var manager = await db.Users.Where(u => u.UserName == "bench.manager@scale.example").Select(u => u.Id).SingleAsync();
    await Exec(conn, $"INSERT INTO user_units (user_id, unit_id) VALUES ({manager}, {unitId}) ON CONFLICT DO NOTHING");
    var viewer = await scope.ServiceProvider.GetRequiredService<OpsIntranet.Core.Access.Viewers>().ForUserAsync(manager);

    async Task Clean()
    {
        await Exec(conn, $"DELETE FROM metric_submissions WHERE unit_id = {unitId}");
        await Exec(conn, "VACUUM ANALYZE metric_submissions, metric_values, metric_value_changes, submission_events");
    }

    // Peak memory while the importer runs, sampled every 10 ms: the managed heap and the process's working set.
    long peakManaged = 0, peakWorkingSet = 0;
    var sampling = false;
    using var sampler = new Timer(_ =>
    {
        if (!Volatile.Read(ref sampling)) return;
        InterlockedMax(ref peakManaged, GC.GetTotalMemory(false));
        InterlockedMax(ref peakWorkingSet, Environment.WorkingSet);
    }, null, 0, 10);
    await Clean();
    GC.Collect();
    var managedBefore = GC.GetTotalMemory(true);
    var workingSetBefore = Environment.WorkingSet;

    var importCpu = new List<double>();
    async Task<(double Seconds, ImportResult Result)> RunImporter()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        using var importScope = provider.CreateScope();
        var importer = importScope.ServiceProvider.GetRequiredService<MetricImportService>();
        Volatile.Write(ref sampling, true);
        var sw = Stopwatch.StartNew();
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        var result = await importer.ImportAsync(viewer, unitId, file, fileBytes, "scale-import.csv");
        var seconds = sw.Elapsed.TotalSeconds;
        Volatile.Write(ref sampling, false);
        importCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        return (seconds, result);
    }

    // Baseline: the same rows, parsed from the same file, COPYed into the real metric_values table with its indexes,
    // foreign keys and deferred data-version trigger (fired before the end with SET CONSTRAINTS ALL IMMEDIATE), then
    // rolled back. Also timed apart: the trigger alone, and a COPY of the same rows into the trail table, which the
    // importer writes as well (every imported value is on its month's trail).
    var baselineCpu = new List<double>();
    async Task<(double Copy, double Triggers, double Trail)> RunBaseline()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await using var tx = await conn.BeginTransactionAsync();
        var submissions = new Dictionary<string, int>();
        await using (var cmd = new NpgsqlCommand($"INSERT INTO metric_submissions (unit_id, month, status, created_at, updated_at, revision) SELECT {unitId}, m, 0, now(), now(), 0 FROM unnest(@months) m RETURNING id, month", conn, tx))
        {
            cmd.Parameters.AddWithValue("months", months.ToArray());
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) submissions[reader.GetFieldValue<DateOnly>(1).ToString("yyyy-MM", CultureInfo.InvariantCulture)] = reader.GetInt32(0);
        }
        var metricIds = new Dictionary<string, int>();
        await using (var cmd = new NpgsqlCommand($"SELECT code, id FROM metric_definitions WHERE unit_id = {unitId}", conn, tx))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) metricIds[reader.GetString(0)] = reader.GetInt32(1);
        var rows = new List<(int Submission, int Metric, decimal Value)>();
        await using (var copy = await conn.BeginBinaryImportAsync("COPY metric_values (submission_id, metric_definition_id, value) FROM STDIN (FORMAT BINARY)"))
        {
            using var file = new StreamReader(path);
            await file.ReadLineAsync();
            while (await file.ReadLineAsync() is { } line)
            {
                if (line.Length == 0) continue;
                var f = line.Split(',');
                var row = (submissions[f[0]], metricIds[f[1]], decimal.Parse(f[2], CultureInfo.InvariantCulture));
                rows.Add(row);
                await copy.StartRowAsync();
                await copy.WriteAsync(row.Item1, NpgsqlDbType.Integer);
                await copy.WriteAsync(row.Item2, NpgsqlDbType.Integer);
                await copy.WriteAsync(row.Item3, NpgsqlDbType.Numeric);
            }
            await copy.CompleteAsync();
        }
        var triggersFrom = sw.Elapsed.TotalSeconds;
        await new NpgsqlCommand("SET CONSTRAINTS ALL IMMEDIATE", conn, tx).ExecuteNonQueryAsync();
        var copySeconds = sw.Elapsed.TotalSeconds;
        baselineCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        var trail = Stopwatch.StartNew();
        await using (var copy = await conn.BeginBinaryImportAsync("COPY metric_value_changes (submission_id, metric_definition_id, at, user_id, user_name, new_value, source) FROM STDIN (FORMAT BINARY)"))
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var (submission, metric, value) in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(submission, NpgsqlDbType.Integer);
                await copy.WriteAsync(metric, NpgsqlDbType.Integer);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(manager, NpgsqlDbType.Integer);
                await copy.WriteAsync("bench.manager@scale.example", NpgsqlDbType.Varchar);
                await copy.WriteAsync(value, NpgsqlDbType.Numeric);
                await copy.WriteAsync("import", NpgsqlDbType.Varchar);
            }
            await copy.CompleteAsync();
        }
        var trailSeconds = trail.Elapsed.TotalSeconds;
        await tx.RollbackAsync();
        return (copySeconds, copySeconds - triggersFrom, trailSeconds);
    }

    // Alternating rounds after a warm-up of each, medians compared: the machine's load moves both alike.
    var imports = new List<double>();
    var baselines = new List<(double Copy, double Triggers, double Trail)>();
    ImportResult? last = null;
    for (var round = 0; round <= rounds; round++)
    {
        var (seconds, result) = await RunImporter();
        if (!result.Succeeded) { Console.Error.WriteLine($"import failed: {result.Error} {string.Join("; ", result.Errors.Take(3).Select(e => e.Message))}"); return 1; }
        last = result;
        await Clean();
        var baseline = await RunBaseline();
        await Clean();
        if (round == 0) continue;
        imports.Add(seconds);
        baselines.Add(baseline);
    }

    // Where the importer's time goes, besides writing: the same file refused at the end because one month is submitted
    // reads, parses and validates every row and writes nothing.
    await Exec(conn, $"INSERT INTO metric_submissions (unit_id, month, status, created_at, updated_at, revision) VALUES ({unitId}, '{months[0]:yyyy-MM-dd}', 1, now(), now(), 0)");
    var (readSeconds, refused) = await RunImporter();
    if (refused.Succeeded) { Console.Error.WriteLine("the import over a submitted month was not refused"); return 1; }
    await Clean();

    static double Median(IEnumerable<double> xs) { var s = xs.Order().ToList(); return s[s.Count / 2]; }
    var import = Median(imports);
    var copy = Median(baselines.Select(b => b.Copy));
    static double Mb(long bytes) => bytes / 1024.0 / 1024;
    Console.WriteLine($"CSV import of {last!.Values:N0} values ({last.Months} months, {fileBytes / 1024.0 / 1024:F1} MB file), median of {rounds} alternating runs:");
    Console.WriteLine($"  product importer (stream, validate, values, import records, months)   {import,6:F2} s");
    Console.WriteLine($"  baseline: COPY of the same rows into metric_values (3 indexes,");
    Console.WriteLine($"            2 foreign keys, data-version trigger), rolled back          {copy,6:F2} s");
    Console.WriteLine($"  importer / baseline                                                    ×{import / copy:F2}   (aim: ≤ 2)");
    Console.WriteLine($"  of the importer: reading and validating the file alone                 {readSeconds,6:F2} s");
    Console.WriteLine($"  of the importer: CPU time in this process (the rest is PostgreSQL)       {Median(importCpu.Skip(1).Take(rounds)),6:F2} s");
    Console.WriteLine($"  of the baseline: CPU time in this process                               {Median(baselineCpu.Skip(1)),6:F2} s");
    Console.WriteLine($"  of the baseline: the data-version trigger firing for each row          {Median(baselines.Select(b => b.Triggers)),6:F2} s");
    Console.WriteLine($"  beside: COPY of the same rows into the trail table metric_value_changes {Median(baselines.Select(b => b.Trail)),6:F2} s");
    Console.WriteLine($"  importer peak memory: managed heap {Mb(peakManaged):F0} MB, working set {Mb(peakWorkingSet):F0} MB (before: {Mb(managedBefore):F0} MB and {Mb(workingSetBefore):F0} MB)");
    File.Delete(path);
    return 0;
}

static void InterlockedMax(ref long target, long value)
{
    long current;
    while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
}

static async Task Exec(NpgsqlConnection conn, string sql)
{
    await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 600 };
    await cmd.ExecuteNonQueryAsync();
}
