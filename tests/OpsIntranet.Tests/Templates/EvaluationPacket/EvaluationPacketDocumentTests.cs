using System.Text.RegularExpressions;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Templates.Documents.EvaluationPacket;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace OpsIntranet.Tests.Templates.EvaluationPacket;

/// <summary>One Chromium for every packet test of a class (a launch costs seconds on a busy machine).</summary>
public sealed class PacketPrinter : IAsyncLifetime
{
    public PrinterFixture Printer { get; } = new();

    public EvaluationPacketRenderer Packets => new(Printer.Renderer);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Printer.DisposeAsync();
}

/// <summary>The packet read back from its PDF as a reader sees it: contents, pages, footer, bookmarks, metadata, copies.</summary>
public class EvaluationPacketDocumentTests(PacketPrinter fixture) : IClassFixture<PacketPrinter>
{
    private static readonly string[] Sections =
    [
        "Competency ratings", "Strengths, areas to improve and development plan", "Unit results over the period", "Goal attainment",
        "Performance log", "Disciplinary actions", "History of steps", "Signatures and acknowledgement",
    ];

    // The sample's log: shared with the employee, and kept in the file only.
    private static readonly string[] SharedEntries = ["Customer letter praising outage handling", "Attendance follow-up on the team", "Rate-change script rewrite", "Peer recognition award"];
    private static readonly string[] FileOnlyEntries = ["Late April submission", "Career conversation"];

    private Task<byte[]> PdfAsync(EvaluationSnapshot snapshot, PacketEdition edition, PacketStamp stamp) =>
        fixture.Packets.RenderPdfAsync(snapshot, edition, stamp);

    [Fact]
    public async Task Pdf_FileCopy_HasEverySectionRatingScoreFooterBookmarkAndMetadata()
    {
        var snapshot = EvaluationPacketSamples.Snapshot();
        var pdf = await PdfAsync(snapshot, PacketEdition.File, EvaluationPacketSamples.Stamp(version: 3));
        Save(pdf, "packet-file");
        var text = PdfText.Read(pdf);

        // Cover.
        Assert.Contains("Dana Reyes", text.Pages[0]);
        Assert.Contains("Customer Service Supervisor · Utility Contact Center", text.Pages[0]);
        Assert.Contains("FY2026 Annual Evaluations", text.Pages[0]);
        Assert.Contains("Oct 1, 2025 – Sep 30, 2026", text.Pages[0]);
        Assert.Contains("Maria Alvarez", text.Pages[0]);
        Assert.Contains("Patricia Odum", text.Pages[0]);
        Assert.Contains("Acknowledged", text.Pages[0]);
        Assert.Contains("PERSONNEL FILE COPY", text.Pages[0]);
        // 15×4 + 20×4 + 20×5 + 20×3 + 10×4 + 15×3 = 385, over 100 weight: 3.85, "Exceeds expectations" (3.50 and up).
        Assert.Contains("3.85 / 5", text.Pages[0]);
        Assert.Contains("Exceeds expectations", text.Pages[0]);

        foreach (var heading in Sections) Assert.Contains(heading, text.All);
        // Every competency with its weight, its rating and the rating's words, in its own row: the text from its name to
        // the next one's (cells side by side interleave line by line, rows do not).
        var competencies = new[]
        {
            ("Job knowledge", "15%", "4 Exceeds expectations"), ("Quality of work", "20%", "4 Exceeds expectations"),
            ("Customer service", "20%", "5 Exceptional"), ("Leadership and coaching", "20%", "3 Meets expectations"),
            ("Communication", "10%", "4 Exceeds expectations"), ("Dependability and attendance", "15%", "3 Meets expectations"),
        };
        // A name may wrap in its column, so rows are found by their names' first words (each one distinct).
        var table = text.Pages[1];
        static string First(string name) => name.Split(' ')[0] + " ";
        for (var i = 0; i < competencies.Length; i++)
        {
            var (name, weight, rating) = competencies[i];
            var from = table.IndexOf(First(name), StringComparison.Ordinal);
            var to = i + 1 < competencies.Length ? table.IndexOf(First(competencies[i + 1].Item1), from + 1, StringComparison.Ordinal) : table.IndexOf("Ratings run from", StringComparison.Ordinal);
            Assert.True(from >= 0 && to > from, $"{name} is not in its place in the table");
            var row = table[from..to];
            foreach (var word in name.Split(' ')) Assert.Contains(word, row);
            Assert.Contains($" {weight} ", row);
            Assert.Contains($" {rating} ", row);
        }
        Assert.Contains("Commended in writing by three customers this year.", text.All);
        Assert.Contains("Mentor one lead agent toward the supervisor eligibility list.", text.All);
        // Unit results: the table, the counts, and one chart per metric with a target (five of six; calls offered is informational).
        Assert.Contains("Service level (80/30) 12 of 12 80.0% ≥ 80.0% Meets target 7 / 3 / 2", text.All);
        Assert.Contains("Quality assurance score 11 of 12", text.All);
        Assert.Equal(5, CountOf(text.All, "Sep 26"));
        Assert.Contains("meets target within tolerance off target target", text.All);
        Assert.Contains("Raise first-call resolution to 78% for the fiscal year.", text.All);
        Assert.Contains("✗ Not met", text.All);
        Assert.Contains("Addendum, Feb 24, 2026 10:00 AM ET, Maria Alvarez:", text.All);
        Assert.Contains("Grievance filed Feb 20, 2026:", text.All);
        Assert.Contains("Oct 13, 2026 12:45 PM ET Please cite the QA figures", text.All); // the return to the evaluator, with its note
        // The signature page.
        var last = text.Pages[^1];
        Assert.Contains("Approved by Patricia Odum, Oct 20, 2026 2:42 PM ET", last);
        Assert.Contains("Acknowledged by Dana Reyes, Oct 23, 2026 10:05 AM ET", last);
        Assert.Contains("the April submission was late because the reporting system was down", last);
        Assert.Contains("It does not mean that they agree with it.", last);

        // Running header, record footer and page numbers on every page.
        var printed = PacketFingerprint.Printed(PacketFingerprint.Compute(snapshot, PacketEdition.File));
        Assert.Matches("^[0-9a-f]{12}$", printed);
        Assert.Equal(6, text.PageCount);
        for (var i = 0; i < text.PageCount; i++)
        {
            var page = text.Pages[i];
            Assert.Contains("Dana Reyes · FY2026 Annual Evaluations · Personnel file copy", page);
            Assert.Contains($"Version 3 · {printed}", page);
            Assert.Contains($"Page {i + 1} of 6", page);
            Assert.Contains("Confidential", page);
        }

        // Bookmarks: the employee's name over one per section.
        using var document = PdfDocument.Open(pdf);
        Assert.True(document.TryGetBookmarks(out var bookmarks));
        var top = Assert.Single(bookmarks.Roots);
        Assert.Equal("Dana Reyes", top.Title);
        Assert.Equal(Sections, top.Children.Select(c => c.Title));
        Assert.Equal(["Strengths", "Areas to improve", "Development plan"], top.Children[1].Children.Select(c => c.Title));

        Assert.Equal("Performance Evaluation — Dana Reyes — FY2026 Annual Evaluations", document.Information.Title);
        Assert.Equal("Maria Alvarez", document.Information.Author);
        Assert.Equal("Personnel file copy of the FY2026 Annual Evaluations evaluation of Dana Reyes, version 3", document.Information.Subject);
        Assert.Contains($"sha256 {PacketFingerprint.Compute(snapshot, PacketEdition.File)}", document.Information.Keywords);
        Assert.Equal("OpsIntranet", document.Information.Producer);
    }

    [Fact]
    public async Task Pdf_EachCopy_ShowsOnlyTheEntriesItsReadersMaySee()
    {
        var snapshot = EvaluationPacketSamples.Snapshot();
        var stamp = EvaluationPacketSamples.Stamp();

        var file = PdfText.Read(await PdfAsync(snapshot, PacketEdition.File, stamp)).All;
        foreach (var entry in SharedEntries.Concat(FileOnlyEntries)) Assert.Contains(entry, file);
        Assert.Contains("Written reprimand", file);
        Assert.Contains("Verbal counseling", file);
        Assert.Equal(3, CountOf(file, "File only")); // two log entries and one disciplinary action
        Assert.Contains("Please cite the QA figures", file); // the reviewer's note when returning it

        var employee = PdfText.Read(await PdfAsync(snapshot, PacketEdition.Employee, stamp));
        Save(await PdfAsync(snapshot, PacketEdition.Employee, stamp), "packet-employee");
        Assert.Contains("EMPLOYEE COPY", employee.Pages[0]);
        foreach (var entry in SharedEntries) Assert.Contains(entry, employee.All);
        foreach (var entry in FileOnlyEntries) Assert.DoesNotContain(entry, employee.All);
        Assert.Contains("Written reprimand", employee.All);
        Assert.DoesNotContain("Verbal counseling", employee.All);
        Assert.DoesNotContain("File only", employee.All);
        // What the reviewer and evaluator said to each other is not the employee's, as on their evaluation page; their own acknowledgement is.
        Assert.DoesNotContain("Please cite the QA figures", employee.All);
        Assert.DoesNotContain("QA figures and the mentoring goal added.", employee.All);
        Assert.Contains("Comment added.", employee.All);
        Assert.All(employee.Pages, p => Assert.Contains("Dana Reyes · FY2026 Annual Evaluations · Employee copy", p));

        var reviewer = PdfText.Read(await PdfAsync(snapshot, PacketEdition.Reviewer, stamp)).All;
        Assert.Contains("REVIEWER COPY", reviewer);
        foreach (var entry in SharedEntries.Concat(FileOnlyEntries)) Assert.DoesNotContain(entry, reviewer);
        Assert.DoesNotContain("Written reprimand", reviewer);
        Assert.DoesNotContain("Verbal counseling", reviewer);
        Assert.Contains("Performance-log entries are not part of the reviewer's copy.", reviewer);
        Assert.Contains("Disciplinary actions are not part of the reviewer's copy.", reviewer);
        Assert.Contains("Please cite the QA figures", reviewer);
        // The rest of the record is the same in every copy.
        Assert.Contains("3.85 / 5", reviewer);
        Assert.Contains("Commended in writing by three customers this year.", reviewer);
    }

    [Fact]
    public async Task Pdf_Draft_IsWatermarkedOnEveryPageAndCarriesNoVersion()
    {
        var snapshot = EvaluationPacketSamples.Snapshot() with { Status = EvaluationStatus.Submitted, ApprovedAt = null, ApprovedBy = null, AcknowledgedAt = null, AcknowledgedBy = null };
        var pdf = await PdfAsync(snapshot, PacketEdition.File, EvaluationPacketSamples.DraftStamp);
        Save(pdf, "packet-draft");
        var text = PdfText.Read(pdf);

        Assert.True(text.PageCount >= 5);
        Assert.Equal(Enumerable.Repeat("ADFRT", text.PageCount), WatermarkLetters(pdf));
        foreach (var page in text.Pages)
        {
            Assert.Contains("Draft — not a record", page);
            Assert.DoesNotContain("Version", page);
        }
        Assert.Contains("Submitted for review", text.Pages[0]);
        Assert.Contains("Approved by Not yet approved", text.Pages[^1]);
        Assert.Contains("Acknowledged by Not yet acknowledged", text.Pages[^1]);

        // A record is not watermarked.
        var record = await PdfAsync(EvaluationPacketSamples.Snapshot(), PacketEdition.File, EvaluationPacketSamples.Stamp());
        Assert.All(WatermarkLetters(record), letters => Assert.Equal("", letters));
    }

    /// <summary>The watermark's letters on each page, sorted: drawn huge and turned, they come out one by one, so they are told by their size.</summary>
    private static List<string> WatermarkLetters(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => new string(p.Letters.Where(l => l.PointSize >= 60).Select(l => l.Value[0]).Order().ToArray())).ToList();
    }

    [Fact]
    public async Task Pdf_SameSnapshotTwice_SameText()
    {
        var snapshot = EvaluationPacketSamples.Snapshot();
        var first = PdfText.Read(await PdfAsync(snapshot, PacketEdition.Employee, EvaluationPacketSamples.Stamp(2)));
        // Printed again from the same snapshot (a regenerated copy, another day): nothing of the render time is printed.
        var again = PdfText.Read(await PdfAsync(EvaluationPacketSamples.Snapshot(), PacketEdition.Employee, EvaluationPacketSamples.Stamp(2)));
        Assert.Equal(first.Pages, again.Pages);
        // A different version is different text.
        var other = PdfText.Read(await PdfAsync(snapshot, PacketEdition.Employee, EvaluationPacketSamples.Stamp(3)));
        Assert.NotEqual(first.All, other.All);
    }

    [Fact]
    public async Task Pdf_OldSnapshotWithoutTrendsLogOrHistory_StillPrints_AndSaysWhatWasNotRecorded()
    {
        // A schema-1 snapshot as the first approvals stored it: status, score, texts and ratings only.
        const string json = """
            {"evaluationId":9,"status":2,"cycleName":"FY2024 Annual Evaluations","employee":{"id":4,"name":"Omar Haddad"},
             "overallScore":3.2,"overallLabel":"Meets expectations","strengths":"Steady.",
             "ratings":[{"name":"Job knowledge","description":null,"weight":100,"sortOrder":1,"rating":3,"ratingLabel":"Meets expectations","comment":null}],
             "approvedAt":"2024-10-30T15:00:00+00:00"}
            """;
        var snapshot = EvaluationSnapshot.Read(json);
        var pdf = await PdfAsync(snapshot, PacketEdition.File, new PacketStamp(1, null, false));
        Save(pdf, "packet-schema1");
        var text = PdfText.Read(pdf);

        foreach (var heading in Sections) Assert.Contains(heading, text.All);
        Assert.Contains("Omar Haddad", text.Pages[0]);
        Assert.Contains("3.20 / 5", text.Pages[0]);
        Assert.Contains("Job knowledge 100%", text.All);
        Assert.Contains("3 Meets expectations", text.All);
        Assert.Contains("No comment.", text.All);
        Assert.Contains("The unit's results were not recorded with this evaluation.", text.All);
        Assert.Contains("No monthly trend was recorded with this evaluation.", text.All);
        Assert.Contains("The history of steps was not recorded with this evaluation.", text.All);
        Assert.Contains("The unit's goals were not recorded with this evaluation.", text.All);
        Assert.Equal(2, CountOf(text.All, EvaluationPacketModel.NoneInPeriod)); // the log and discipline: the snapshot's empty lists
        Assert.Contains("Areas to improve Not recorded.", text.All);
        // It kept when, not who: the reviewer approves, so "approver not recorded" when even the reviewer is missing.
        Assert.Contains("Approved by Approver not recorded, Oct 30, 2024 11:00 AM ET", text.Pages[^1]);
        Assert.Contains("Acknowledged by Not yet acknowledged", text.Pages[^1]);
    }

    [Fact]
    public async Task Pdf_300LogEntries_SplitAcrossPagesWithHeadersRepeated_NoRowCutInHalf()
    {
        var snapshot = EvaluationPacketSamples.Snapshot() with
        {
            LogEntries = Enumerable.Range(0, 300).Select(i => new SnapshotLogEntry(i, EvaluationPacketSamples.PeriodStart.AddDays(i), "Note",
                $"ROWSTART{i:D3} Routine check-in", (i % 7 == 0 ? "A longer entry that wraps over several lines of the table so that rows differ in height. " : "") + $"Discussed the week. ROWEND{i:D3}",
                "Maria Alvarez", true,
                i % 10 == 0 ? [new SnapshotAddendum(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), "Maria Alvarez", $"Follow-up noted. ADDEND{i:D3}")] : [])).ToList(),
        };
        var pdf = await PdfAsync(snapshot, PacketEdition.File, EvaluationPacketSamples.Stamp());
        Save(pdf, "packet-long");
        var text = PdfText.Read(pdf);

        var logPages = new HashSet<int>();
        for (var i = 0; i < 300; i++)
        {
            var start = PagesWith(text, $"ROWSTART{i:D3}");
            var end = PagesWith(text, $"ROWEND{i:D3}");
            Assert.True(start.Count == 1 && end.Count == 1, $"row {i}: start on pages [{string.Join(",", start)}], end on [{string.Join(",", end)}]");
            Assert.True(start[0] == end[0], $"row {i} is cut across pages {start[0] + 1} and {end[0] + 1}");
            if (i % 10 == 0) Assert.Equal(start, PagesWith(text, $"ADDEND{i:D3}"));
            logPages.Add(start[0]);
        }
        Assert.True(logPages.Count >= 5, $"300 entries fit on {logPages.Count} pages?");
        // The table's header row repeats on every page the log runs over.
        foreach (var p in logPages) Assert.Contains("Date Type Entry Written by Employee", text.Pages[p]);
    }

    [Fact]
    public async Task Pdf_20000CharacterComments_WrapInsideThePage_NothingCut()
    {
        var words = string.Join(" ", Enumerable.Repeat("wrapping", 2222)); // 19,997 characters
        var unbroken = new string('Z', 20_000);
        var snapshot = EvaluationPacketSamples.Snapshot() with
        {
            Ratings = [.. EvaluationPacketSamples.Snapshot().Ratings.Select((r, i) => i == 0 ? r with { Comment = words + " COMMENTEND" } : i == 1 ? r with { Comment = unbroken } : r)],
            DevelopmentPlan = unbroken,
        };
        var pdf = await PdfAsync(snapshot, PacketEdition.File, EvaluationPacketSamples.Stamp());
        Save(pdf, "packet-long-comments");
        var text = PdfText.Read(pdf);

        Assert.Equal(2222, CountOf(text.All, "wrapping"));
        Assert.Contains("COMMENTEND", text.All);
        // Both unbroken texts, wrapped but whole (the sample has no Z of its own).
        Assert.Equal(40_000, text.All.Count(c => c == 'Z'));
        // Nothing is drawn past the page's margins.
        using var document = PdfDocument.Open(pdf);
        foreach (var page in document.GetPages())
            foreach (var word in page.GetWords())
                Assert.True(word.BoundingBox.Left >= 0 && word.BoundingBox.Right <= page.Width - 20,
                    $"page {page.Number}: \"{word.Text[..Math.Min(20, word.Text.Length)]}\" reaches x={word.BoundingBox.Right:F0} of {page.Width:F0}");
        Assert.All(text.Pages, p => Assert.Contains("Version 1", p));
    }

    [Fact]
    public async Task Pdf_IsTaggedUsLetter_WithEveryFontEmbedded()
    {
        var pdf = await PdfAsync(EvaluationPacketSamples.Snapshot(), PacketEdition.File, EvaluationPacketSamples.Stamp());
        var info = await PopplerAsync("pdfinfo", pdf);
        Assert.Contains("Tagged:          yes", info);
        Assert.Contains("Page size:       612 x 792 pts (letter)", info);
        // pdffonts: two heading lines, then one line per font whose "emb" column (the fifth word from the end) says yes.
        var fonts = (await PopplerAsync("pdffonts", pdf)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, line => Assert.Equal("yes", line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^5]));
    }

    private static async Task<string> PopplerAsync(string tool, byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ops-packet-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(tool, [path]) { RedirectStandardOutput = true })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return output;
        }
        finally { File.Delete(path); }
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    private static List<int> PagesWith(PdfText text, string word) =>
        text.Pages.Select((p, i) => (p, i)).Where(x => Regex.IsMatch(x.p, $@"(^|\s){word}(\s|$)")).Select(x => x.i).ToList();

    /// <summary>OPS_SCREENSHOTS=folder keeps the PDFs, to look at as pictures.</summary>
    private static void Save(byte[] pdf, string name)
    {
        if (Environment.GetEnvironmentVariable("OPS_SCREENSHOTS") is { Length: > 0 } folder)
        {
            File.WriteAllBytes(Path.Combine(folder, name + ".pdf"), pdf);
            File.WriteAllText(Path.Combine(folder, name + ".txt"), string.Join("\n\f\n", PdfText.Read(pdf).Pages));
        }
    }
}
