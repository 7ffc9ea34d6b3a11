using System.Globalization;
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
/// the monthly form first; then it is written in one transaction with set-based statements (COPY
/// into a staging table, then INSERT … ON CONFLICT), so a file of a hundred thousand values is not
/// written a row at a time. Any error, and nothing is saved. Months land as drafts for the
/// supervisor to review and submit; every changed value is on the month's trail.
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
    public async Task<ImportResult> ImportAsync(Viewer viewer, int unitId, Stream file, long length, CancellationToken ct = default)
    {
        if (!viewer.ForMonth(unitId).CanEdit || !await db.Units.AnyAsync(u => u.Id == unitId && u.IsActive, ct)) return ImportResult.Missing;
        var actor = viewer.Actor;
        if (length == 0) return ImportResult.Fail("The file is empty.");
        if (length > MaxBytes) return ImportResult.Fail(TooLarge);

        string text;
        try
        {
            using var reader = new StreamReader(file, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            text = await reader.ReadToEndAsync(ct);
        }
        catch (DecoderFallbackException)
        {
            return ImportResult.Fail("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (Comma delimited)”.");
        }
        if (text.Contains('\0', StringComparison.Ordinal)) return ImportResult.Fail("This is not a CSV text file (it contains binary data). Upload the .csv file, not a workbook.");

        var (rows, unclosed) = Csv.Parse(text);
        if (unclosed is { } quoteRow)
            return new ImportResult(false, 0, 0, "1 problem found; nothing was imported.",
                [new(quoteRow, "A quoted field starts on this row and its closing quote (\") is missing, so the rest of the file would be read as one value. Close the quote, or double a quote that belongs in the text (\"\").")]);
        if (rows.Count == 0 || rows.All(r => r.Fields.All(string.IsNullOrWhiteSpace))) return ImportResult.Fail("The file is empty.");
        var header = rows[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        if (header.Count < 3 || !header.Take(3).SequenceEqual(Columns.Take(3)) || (header.Count >= 4 && header[3] != Columns[3]) || header.Count > 4)
            return ImportResult.Fail($"The first row must name the columns month, metric_code, value, explanation (explanation may be left out). It says: {Shorten(string.Join(", ", rows[0].Fields))}. Download the template to start from.");

        var metrics = await db.MetricDefinitions.AsNoTracking().Where(m => m.UnitId == unitId && m.IsActive).ToDictionaryAsync(m => m.Code, StringComparer.OrdinalIgnoreCase, ct);
        var today = DepartmentCalendar.Today(clock);
        var errors = new List<ImportError>();
        var values = new List<(DateOnly Month, int MetricId, decimal? Value, string? Explanation)>();
        var seen = new HashSet<(DateOnly, int)>();
        foreach (var row in rows.Skip(1))
        {
            if (row.Fields.All(string.IsNullOrWhiteSpace)) continue;
            if (row.Fields.Count > header.Count) { errors.Add(new(row.Line, $"Has {row.Fields.Count} columns; the header has {header.Count}. Is there an unquoted comma in an explanation?")); continue; }
            var f = row.Fields.Concat(Enumerable.Repeat("", 4)).ToList();
            if (!DepartmentCalendar.TryParseMonthKey(f[0].Trim(), out var month)) { errors.Add(new(row.Line, $"“{Shorten(f[0])}” is not a month; write it as yyyy-MM, e.g. 2026-10.")); continue; }
            if (!MonthlyDeadlines.IsOpenForEntry(month, today)) { errors.Add(new(row.Line, $"{DepartmentCalendar.MonthName(month)} has not ended yet.")); continue; }
            if (!metrics.TryGetValue(f[1].Trim(), out var metric)) { errors.Add(new(row.Line, $"“{Shorten(f[1])}” is not an active metric of this unit.")); continue; }
            if (!seen.Add((month, metric.Id))) { errors.Add(new(row.Line, $"{metric.Code} for {DepartmentCalendar.MonthKey(month)} appears twice.")); continue; }
            var parsed = MetricValueRules.Parse(metric, f[2]);
            if (parsed.Error is not null) { errors.Add(new(row.Line, $"{metric.Code}: {parsed.Error}")); continue; }
            var explanation = string.IsNullOrWhiteSpace(f[3]) ? null : f[3].Trim();
            if (explanation is { Length: > MetricValueRules.MaxExplanationLength }) { errors.Add(new(row.Line, $"The explanation is longer than {MetricValueRules.MaxExplanationLength:N0} characters.")); continue; }
            if (Common.TextRules.Unstorable(explanation) is { } unstorable) { errors.Add(new(row.Line, "The explanation: " + char.ToLowerInvariant(unstorable[0]) + unstorable[1..])); continue; }
            values.Add((month, metric.Id, parsed.Value, explanation));
        }
        if (values.Count == 0 && errors.Count == 0) return ImportResult.Fail("The file has a header but no values.");

        var months = values.Select(v => v.Month).Distinct().Order().ToList();
        var locked = await db.MetricSubmissions.AsNoTracking()
            .Where(s => s.UnitId == unitId && months.Contains(s.Month) && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .Select(s => new { s.Month, s.Status }).ToListAsync(ct);
        foreach (var l in locked)
            errors.Add(new(0, $"{DepartmentCalendar.MonthName(l.Month)} is {MonthlySubmissionService.Describe(l.Status)}; it cannot be imported over. A manager can reopen it first."));
        if (errors.Count > 0)
            return new ImportResult(false, 0, 0, $"{errors.Count} problem{(errors.Count == 1 ? "" : "s")} found; nothing was imported.", errors.OrderBy(e => e.Row).Take(MaxErrorsShown).ToList());

        await WriteAsync(unitId, values, months, actor, ct);
        return new ImportResult(true, values.Count, months.Count, null, []);
    }

    private async Task WriteAsync(int unitId, List<(DateOnly Month, int MetricId, decimal? Value, string? Explanation)> values, List<DateOnly> months, Actor actor, CancellationToken ct)
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
            var busy = await Scalar<long>(connection, """
                SELECT count(*) FROM (SELECT status FROM metric_submissions WHERE unit_id = @unit AND month = ANY(@months) FOR UPDATE) s WHERE status IN (1, 3)
                """, ct, ("unit", unitId), ("months", months.ToArray()));
            if (busy > 0) throw new InvalidOperationException("A month in the file was submitted while the import ran; nothing was imported. Try again.");

            // 2. The values into a staging table, by binary COPY.
            await Exec(connection, "CREATE TEMP TABLE import_values (month date, metric_definition_id int, value numeric(18,4), explanation varchar(2000)) ON COMMIT DROP", ct);
            await using (var copy = await connection.BeginBinaryImportAsync("COPY import_values (month, metric_definition_id, value, explanation) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var v in values)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(v.Month, NpgsqlDbType.Date, ct);
                    await copy.WriteAsync(v.MetricId, NpgsqlDbType.Integer, ct);
                    if (v.Value is { } d) await copy.WriteAsync(d, NpgsqlDbType.Numeric, ct); else await copy.WriteNullAsync(ct);
                    if (v.Explanation is { } e) await copy.WriteAsync(e, NpgsqlDbType.Varchar, ct); else await copy.WriteNullAsync(ct);
                }
                await copy.CompleteAsync(ct);
            }

            // 3. The trail of every value that changes, then the values themselves.
            await Exec(connection, """
                INSERT INTO metric_value_changes (submission_id, metric_definition_id, at, user_id, user_name, old_value, new_value, old_explanation, new_explanation, source)
                SELECT s.id, i.metric_definition_id, @now, @user, @name, v.value, i.value, v.explanation, i.explanation, 'import'
                FROM import_values i
                JOIN metric_submissions s ON s.unit_id = @unit AND s.month = i.month
                LEFT JOIN metric_values v ON v.submission_id = s.id AND v.metric_definition_id = i.metric_definition_id
                WHERE v.id IS NULL OR v.value IS DISTINCT FROM i.value OR v.explanation IS DISTINCT FROM i.explanation
                """, ct, ("now", now), ("user", actor.UserId), ("name", actor.Name), ("unit", unitId));
            await Exec(connection, """
                INSERT INTO metric_values (submission_id, metric_definition_id, value, explanation)
                SELECT s.id, i.metric_definition_id, i.value, i.explanation
                FROM import_values i JOIN metric_submissions s ON s.unit_id = @unit AND s.month = i.month
                ON CONFLICT (submission_id, metric_definition_id) DO UPDATE SET value = excluded.value, explanation = excluded.explanation
                """, ct, ("unit", unitId));

            // 4. Each month: back to draft (a returned month stays with the supervisor), a new revision, an "Imported" step.
            await Exec(connection, """
                UPDATE metric_submissions SET revision = revision + 1, updated_at = @now WHERE unit_id = @unit AND month = ANY(@months)
                """, ct, ("now", now), ("unit", unitId), ("months", months.ToArray()));
            await Exec(connection, """
                INSERT INTO submission_events (submission_id, action, at, user_id, user_name, reason)
                SELECT id, 'Imported', @now, @user, @name, @reason FROM metric_submissions WHERE unit_id = @unit AND month = ANY(@months)
                """, ct, ("now", now), ("user", actor.UserId), ("name", actor.Name), ("reason", $"{values.Count:N0} values from a CSV file"), ("unit", unitId), ("months", months.ToArray()));
            await tx.CommitAsync(ct);
        });
    }

    private static async Task Exec(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "…";
}

/// <summary>RFC 4180 CSV: quoted fields, doubled quotes, commas and line breaks inside quotes; CRLF or LF.</summary>
public static class Csv
{
    public sealed record Row(int Line, IReadOnlyList<string> Fields);

    /// <summary>The rows, and the row where a quoted field opens and never closes (the file is then not CSV).</summary>
    public static (List<Row> Rows, int? UnclosedQuoteRow) Parse(string text)
    {
        var rows = new List<Row>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var line = 1;
        var rowStart = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') inQuotes = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0: inQuotes = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    rows.Add(new Row(rowStart, fields));
                    fields = [];
                    rowStart = ++line;
                    break;
                default: field.Append(c); break;
            }
        }
        if (inQuotes) return (rows, rowStart);
        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); rows.Add(new Row(rowStart, fields)); }
        return (rows, null);
    }

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        // A leading =, +, - or @ would be run as a formula by a spreadsheet: prefix it with a quote.
        if (value[0] is '=' or '+' or '-' or '@' && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)) value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
