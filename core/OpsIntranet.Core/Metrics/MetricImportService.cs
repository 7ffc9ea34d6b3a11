using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Metrics;

public sealed record ImportError(int Row, string Message);

public sealed record ImportResult(bool Succeeded, int Values, int Months, string? Error, IReadOnlyList<ImportError> Errors)
{
    public static ImportResult Fail(string error) => new(false, 0, 0, error, []);
    /// <summary>The unit is not one the person enters data for (the page answers 404).</summary>
    public bool NotFound { get; init; }
    public static readonly ImportResult Missing = new(false, 0, 0, null, []) { NotFound = true };
}

/// <summary>The import page of a unit: the months still open to an import, newest first (the template picker offers these).</summary>
public sealed record ImportPage(int UnitId, string UnitName, string UnitCode, DateOnly LastMonth, IReadOnlyList<DateOnly> OpenMonths);

/// <summary>A template file to fill in and import.</summary>
public sealed record ImportTemplate(string FileName, string Csv);

/// <summary>
/// Imports one unit's monthly values from CSV (columns month, metric_code, value, explanation), for
/// units whose numbers come out of the phone or billing systems. The whole file is validated like
/// the monthly form first, as it streams in; then it is written in one transaction by binary COPY
/// (values straight into their table), so a file of a hundred thousand values is not written a row
/// at a time. Any error, and nothing is saved. Months land as drafts for the supervisor to review and
/// submit; every changed value is on the month's history: a value the month did not hold on the
/// import's record for that month (<see cref="MetricValueImport"/>), a replaced one on the trail.
/// </summary>
public class MetricImportService(AppDbContext db, TimeProvider clock)
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public const int MaxErrorsShown = 50;
    public static readonly string[] Columns = ["month", "metric_code", "value", "explanation"];
    public static readonly string TooLarge = $"The file is larger than {MaxBytes / 1024 / 1024} MB, the most one import takes. Split it by year.";

    /// <summary>
    /// The import page for whoever enters the unit's data (<see cref="MonthPermissions.CanEdit"/>); null for
    /// anyone else, or when the unit is missing (404).
    /// </summary>
    public async Task<ImportPage?> PageAsync(Viewer viewer, int unitId, CancellationToken ct = default)
    {
        // A deactivated unit takes no new data: its import page is not there.
        if (!viewer.ForMonth(unitId).CanEdit || !await db.Units.AnyAsync(u => u.Id == unitId && u.IsActive, ct)) return null;
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => new { u.Name, u.Code }).SingleOrDefaultAsync(ct);
        if (unit is null) return null;
        return new ImportPage(unitId, unit.Name, unit.Code, DepartmentCalendar.PreviousMonth(clock), await OpenMonthsAsync(unitId, ct: ct));
    }

    /// <summary>
    /// A template: the header and one row per active metric for the requested month (else the newest open
    /// month, else last month), values empty. Null when the import page is not there for the viewer.
    /// </summary>
    public async Task<ImportTemplate?> TemplateAsync(Viewer viewer, int unitId, string? month, CancellationToken ct = default)
    {
        if (await PageAsync(viewer, unitId, ct) is not { } page) return null;
        var m = DepartmentCalendar.TryParseMonthKey(month, out var parsed) ? parsed : page.OpenMonths.Count > 0 ? page.OpenMonths[0] : page.LastMonth;
        var codes = await db.MetricDefinitions.AsNoTracking().Where(d => d.UnitId == unitId && d.IsActive).OrderBy(d => d.SortOrder).Select(d => d.Code).ToListAsync(ct);
        var sb = new StringBuilder(string.Join(",", Columns)).Append("\r\n");
        foreach (var code in codes) sb.Append(DepartmentCalendar.MonthKey(m)).Append(',').Append(code).Append(",,\r\n");
        return new ImportTemplate($"{page.UnitCode}-metrics-{DepartmentCalendar.MonthKey(m)}.csv", sb.ToString());
    }

    /// <summary>
    /// The months an import can still fill, newest first: ended, within the last <paramref name="months"/>,
    /// and not submitted or approved (those are locked until returned or reopened).
    /// </summary>
    private async Task<IReadOnlyList<DateOnly>> OpenMonthsAsync(int unitId, int months = 12, CancellationToken ct = default)
    {
        var last = DepartmentCalendar.PreviousMonth(clock);
        var first = last.AddMonths(-(months - 1));
        var locked = await db.MetricSubmissions.AsNoTracking()
            .Where(s => s.UnitId == unitId && s.Month >= first && s.Month <= last && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .Select(s => s.Month).ToListAsync(ct);
        return Enumerable.Range(0, months).Select(i => last.AddMonths(-i)).Where(m => !locked.Contains(m)).ToList();
    }

    /// <summary>Imports a file into a unit's open months: whoever enters the unit's data (<see cref="MonthPermissions.CanEdit"/>).</summary>
    public async Task<ImportResult> ImportAsync(Viewer viewer, int unitId, Stream file, long length, string? fileName, CancellationToken ct = default)
    {
        if (!viewer.ForMonth(unitId).CanEdit || !await db.Units.AnyAsync(u => u.Id == unitId && u.IsActive, ct)) return ImportResult.Missing;
        var actor = viewer.Actor;
        if (length == 0) return ImportResult.Fail("The file is empty.");
        if (length > MaxBytes) return ImportResult.Fail(TooLarge);

        var metrics = await db.MetricDefinitions.AsNoTracking().Where(m => m.UnitId == unitId && m.IsActive).ToDictionaryAsync(m => m.Code, StringComparer.OrdinalIgnoreCase, ct);
        var read = await ReadAsync(file, metrics, DepartmentCalendar.Today(clock), ct);
        if (read.Failure is { } failure) return failure;
        var (values, errors) = (read.Values, read.Errors);
        if (values.Count == 0 && read.ErrorCount == 0) return ImportResult.Fail("The file has a header but no values.");

        var months = values.Select(v => v.Month).Distinct().Order().ToList();
        var locked = await db.MetricSubmissions.AsNoTracking()
            .Where(s => s.UnitId == unitId && months.Contains(s.Month) && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .Select(s => new { s.Month, s.Status }).ToListAsync(ct);
        var problems = locked.OrderBy(l => l.Month)
            .Select(l => new ImportError(0, $"{DepartmentCalendar.MonthName(l.Month)} is {MonthlySubmissionService.Describe(l.Status)}; it cannot be imported over. A manager can reopen it first."))
            .Concat(errors).ToList();
        var count = locked.Count + read.ErrorCount;
        if (count > 0)
            return new ImportResult(false, 0, 0, $"{count} problem{(count == 1 ? "" : "s")} found; nothing was imported.", problems.Take(MaxErrorsShown).ToList());

        await WriteAsync(unitId, values, months, actor, FileName(fileName), ct);
        return new ImportResult(true, values.Count, months.Count, null, []);
    }

    /// <summary>One validated row of a file.</summary>
    private readonly record struct ImportRow(DateOnly Month, int MetricId, decimal? Value, string? Explanation);

    /// <summary>What a file holds: its valid rows, the first problems by line and how many there are, or why it is not read at all.</summary>
    private sealed class ImportFile
    {
        public List<ImportRow> Values { get; } = [];
        public List<ImportError> Errors { get; } = [];
        public int ErrorCount { get; private set; }
        public ImportResult? Failure { get; init; }

        public void Add(int line, string message)
        {
            // Only the first errors are shown, so a file that is wrong on every line does not fill memory with messages.
            if (ErrorCount++ < MaxErrorsShown) Errors.Add(new(line, message));
        }
    }

    /// <summary>
    /// Reads and validates the file as it streams in, record by record: only the valid rows are kept, never the
    /// file's text, so memory grows with the values to write, not with the file.
    /// </summary>
    private static async Task<ImportFile> ReadAsync(Stream file, Dictionary<string, MetricDefinition> metrics, DateOnly today, CancellationToken ct)
    {
        static ImportFile Fail(string error) => new() { Failure = ImportResult.Fail(error) };
        const string Binary = "This is not a CSV text file (it contains binary data). Upload the .csv file, not a workbook.";
        var result = new ImportFile();
        var seen = new HashSet<(DateOnly, int)>();
        await using var csv = new CsvRecords(new StreamReader(file, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            if (!await csv.ReadAsync(ct)) return Fail("The file is empty.");
            if (csv.HasNul) return Fail(Binary);
            // A blank first line is still the header: the file is empty if nothing follows, else its header is wrong.
            var headerFields = csv.Fields();
            var headerBlank = csv.IsBlank;
            var header = headerFields.Select(f => f.Trim().ToLowerInvariant()).ToList();
            var headerError = header.Count < 3 || !header.Take(3).SequenceEqual(Columns.Take(3)) || (header.Count >= 4 && header[3] != Columns[3]) || header.Count > 4
                ? $"The first row must name the columns month, metric_code, value, explanation (explanation may be left out). It says: {Shorten(string.Join(", ", headerFields))}. Download the template to start from."
                : null;
            if (headerError is not null && !headerBlank) return Fail(headerError);

            while (await csv.ReadAsync(ct))
            {
                if (csv.HasNul) return Fail(Binary);
                if (csv.IsBlank) continue;
                if (headerError is not null) return Fail(headerError);
                var line = csv.Line;
                if (csv.FieldCount > header.Count) { result.Add(line, $"Has {csv.FieldCount} columns; the header has {header.Count}. Is there an unquoted comma in an explanation?"); continue; }
                var monthText = csv[0];
                if (!DepartmentCalendar.TryParseMonthKey(monthText.Trim(), out var month)) { result.Add(line, $"“{Shorten(monthText)}” is not a month; write it as yyyy-MM, e.g. 2026-10."); continue; }
                if (!MonthlyDeadlines.IsOpenForEntry(month, today)) { result.Add(line, $"{DepartmentCalendar.MonthName(month)} has not ended yet."); continue; }
                var code = csv[1];
                if (!metrics.TryGetValue(code.Trim(), out var metric)) { result.Add(line, $"“{Shorten(code)}” is not an active metric of this unit."); continue; }
                if (!seen.Add((month, metric.Id))) { result.Add(line, $"{metric.Code} for {DepartmentCalendar.MonthKey(month)} appears twice."); continue; }
                var parsed = MetricValueRules.Parse(metric, csv[2]);
                if (parsed.Error is not null) { result.Add(line, $"{metric.Code}: {parsed.Error}"); continue; }
                var explanationText = csv[3];
                var explanation = string.IsNullOrWhiteSpace(explanationText) ? null : explanationText.Trim();
                if (explanation is { Length: > MetricValueRules.MaxExplanationLength }) { result.Add(line, $"The explanation is longer than {MetricValueRules.MaxExplanationLength:N0} characters."); continue; }
                if (Common.TextRules.Unstorable(explanation) is { } unstorable) { result.Add(line, "The explanation: " + char.ToLowerInvariant(unstorable[0]) + unstorable[1..]); continue; }
                result.Values.Add(new ImportRow(month, metric.Id, parsed.Value, explanation));
            }
            return headerBlank ? Fail("The file is empty.") : result;
        }
        catch (DecoderFallbackException)
        {
            return Fail("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (Comma delimited)”.");
        }
        catch (MalformedCsvException e)
        {
            // The file is not CSV from this row on: whatever else is wrong is beside the point.
            return new ImportFile { Failure = new ImportResult(false, 0, 0, "1 problem found; nothing was imported.", [new(e.Line, e.Message)]) };
        }
    }

    /// <summary>
    /// Writes the rows in one transaction: the values the months do not hold yet go straight into their table by binary
    /// COPY, with one import record per month; only values that replace stored ones pass through a staging table.
    /// The months are locked first, so the stored values read to decide that cannot change meanwhile.
    /// </summary>
    private async Task WriteAsync(int unitId, List<ImportRow> rows, List<DateOnly> months, Actor actor, string fileName, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();

            // 1. One draft per month that has none; lock them all and refuse if one was submitted meanwhile.
            await Exec(connection, """
                INSERT INTO metric_submissions (unit_id, month, status, created_at, updated_at, revision)
                SELECT @unit, m, 0, @now, @now, 0 FROM unnest(@months) AS m
                ON CONFLICT (unit_id, month) DO NOTHING
                """, ct, ("unit", unitId), ("now", now), ("months", months.ToArray()));
            var submissions = new Dictionary<DateOnly, int>();
            var busy = false;
            await using (var command = new NpgsqlCommand("SELECT id, month, status FROM metric_submissions WHERE unit_id = @unit AND month = ANY(@months) FOR UPDATE", connection))
            {
                command.Parameters.AddWithValue("unit", unitId);
                command.Parameters.AddWithValue("months", months.ToArray());
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    submissions[reader.GetFieldValue<DateOnly>(1)] = reader.GetInt32(0);
                    busy |= (SubmissionStatus)reader.GetInt32(2) is SubmissionStatus.Submitted or SubmissionStatus.Approved;
                }
            }
            if (busy) throw new InvalidOperationException("A month in the file was submitted while the import ran; nothing was imported. Try again.");
            var ids = submissions.Values.ToArray();

            // 2. What the months hold now (at most one row per metric and month, like the file).
            var stored = new Dictionary<(int Submission, int Metric), (decimal? Value, string? Explanation)>();
            await using (var command = new NpgsqlCommand("SELECT submission_id, metric_definition_id, value, explanation FROM metric_values WHERE submission_id = ANY(@ids)", connection))
            {
                command.Parameters.AddWithValue("ids", ids);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    stored[(reader.GetInt32(0), reader.GetInt32(1))] = (reader.IsDBNull(2) ? null : reader.GetDecimal(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            }

            // 3. New values straight into metric_values, and per month one record of what the import set there (who, when, the
            //    file, the values): a trail row per imported value cost more than the values themselves (a COPY of 100,000 rows
            //    into metric_value_changes, with its key, two indexes and two foreign keys, took 1.3 s against 1.1 s for
            //    metric_values). Replaced values go through a staging table and onto the trail with their old value, like a
            //    change on the form. Like the form, an empty row for a value never entered stores nothing, and an unchanged
            //    value leaves no trail.
            var replaced = new List<(int Submission, ImportRow Row, (decimal? Value, string? Explanation) Old)>();
            var fresh = new Dictionary<int, (List<int> Metrics, List<decimal?> Values, List<string?> Explanations)>();
            await using (var copy = await connection.BeginBinaryImportAsync("COPY metric_values (submission_id, metric_definition_id, value, explanation) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var row in rows)
                {
                    var submission = submissions[row.Month];
                    if (stored.TryGetValue((submission, row.MetricId), out var old))
                    {
                        if (old.Value != row.Value || old.Explanation != row.Explanation) replaced.Add((submission, row, old));
                        continue;
                    }
                    if (row.Value is null && row.Explanation is null) continue;
                    WriteValue(copy, submission, row);
                    if (!fresh.TryGetValue(submission, out var set)) fresh[submission] = set = ([], [], []);
                    set.Metrics.Add(row.MetricId);
                    set.Values.Add(row.Value);
                    set.Explanations.Add(row.Explanation);
                }
                await copy.CompleteAsync(ct);
            }
            if (fresh.Count > 0)
            {
                await using var copy = await connection.BeginBinaryImportAsync(
                    "COPY metric_value_imports (submission_id, at, user_id, user_name, file_name, metric_ids, new_values, new_explanations) FROM STDIN (FORMAT BINARY)", ct);
                foreach (var (submission, set) in fresh)
                {
                    copy.StartRow();
                    copy.Write(submission, NpgsqlDbType.Integer);
                    copy.Write(now, NpgsqlDbType.TimestampTz);
                    copy.Write(actor.UserId, NpgsqlDbType.Integer);
                    copy.Write(actor.Name, NpgsqlDbType.Varchar);
                    copy.Write(fileName, NpgsqlDbType.Varchar);
                    copy.Write(set.Metrics.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
                    copy.Write(set.Values.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Numeric);
                    copy.Write(set.Explanations.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                }
                await copy.CompleteAsync(ct);
            }
            fresh.Clear();
            if (replaced.Count > 0)
            {
                await Exec(connection, "CREATE TEMP TABLE import_values (submission_id int, metric_definition_id int, value numeric(18,4), explanation varchar(2000)) ON COMMIT DROP", ct);
                await using (var copy = await connection.BeginBinaryImportAsync("COPY import_values (submission_id, metric_definition_id, value, explanation) FROM STDIN (FORMAT BINARY)", ct))
                {
                    foreach (var (submission, row, _) in replaced) WriteValue(copy, submission, row);
                    await copy.CompleteAsync(ct);
                }
                await Exec(connection, """
                    UPDATE metric_values v SET value = i.value, explanation = i.explanation
                    FROM import_values i WHERE v.submission_id = i.submission_id AND v.metric_definition_id = i.metric_definition_id
                    """, ct);
                await using var trail = await connection.BeginBinaryImportAsync("""
                    COPY metric_value_changes (submission_id, metric_definition_id, at, user_id, user_name, old_value, new_value, old_explanation, new_explanation, source) FROM STDIN (FORMAT BINARY)
                    """, ct);
                foreach (var (submission, row, old) in replaced)
                {
                    trail.StartRow();
                    trail.Write(submission, NpgsqlDbType.Integer);
                    trail.Write(row.MetricId, NpgsqlDbType.Integer);
                    trail.Write(now, NpgsqlDbType.TimestampTz);
                    trail.Write(actor.UserId, NpgsqlDbType.Integer);
                    trail.Write(actor.Name, NpgsqlDbType.Varchar);
                    WriteOrNull(trail, old.Value);
                    WriteOrNull(trail, row.Value);
                    WriteOrNull(trail, old.Explanation);
                    WriteOrNull(trail, row.Explanation);
                    trail.Write("import", NpgsqlDbType.Varchar);
                }
                await trail.CompleteAsync(ct);
            }

            // 4. Each month: back to draft (a returned month stays with the supervisor), a new revision, an "Imported" step.
            await Exec(connection, "UPDATE metric_submissions SET revision = revision + 1, updated_at = @now WHERE id = ANY(@ids)", ct, ("now", now), ("ids", ids));
            await Exec(connection, """
                INSERT INTO submission_events (submission_id, action, at, user_id, user_name, reason)
                SELECT id, 'Imported', @now, @user, @name, @reason FROM unnest(@ids) AS id
                """, ct, ("now", now), ("user", actor.UserId), ("name", actor.Name), ("reason", $"{rows.Count:N0} values from {fileName}"), ("ids", ids));
            await tx.CommitAsync(ct);
        });
    }

    // COPY rows are written with the synchronous calls: they fill Npgsql's buffer, which goes to the server only when
    // full, while an await per field cost the values COPY about 40% more CPU in bench/run.sh (the server is the bottleneck
    // on two cores, so client CPU taken from it shows in the import's time).
    private static void WriteValue(NpgsqlBinaryImporter copy, int submission, ImportRow row)
    {
        copy.StartRow();
        copy.Write(submission, NpgsqlDbType.Integer);
        copy.Write(row.MetricId, NpgsqlDbType.Integer);
        WriteOrNull(copy, row.Value);
        WriteOrNull(copy, row.Explanation);
    }

    private static void WriteOrNull(NpgsqlBinaryImporter copy, decimal? value)
    {
        if (value is { } number) copy.Write(number, NpgsqlDbType.Numeric); else copy.WriteNull();
    }

    private static void WriteOrNull(NpgsqlBinaryImporter copy, string? text)
    {
        if (text is null) copy.WriteNull(); else copy.Write(text, NpgsqlDbType.Varchar);
    }

    private static async Task Exec(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The uploaded file's name as the month's history names it: without a folder (some browsers send the whole path),
    /// without control characters, and short enough for its column; "a CSV file" when there is none.
    /// </summary>
    internal static string FileName(string? name)
    {
        var bare = Path.GetFileName((name ?? "").Replace('\\', '/'));
        bare = new string(bare.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).ToArray()).Trim();
        if (bare.Length == 0) return "a CSV file";
        return bare.Length <= MetricValueImport.MaxFileName ? bare : bare[..(MetricValueImport.MaxFileName - 1)] + "…";
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
