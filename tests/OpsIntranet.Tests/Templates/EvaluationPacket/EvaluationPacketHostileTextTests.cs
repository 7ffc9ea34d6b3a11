using System.Text.RegularExpressions;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Templates.Documents.EvaluationPacket;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Templates.EvaluationPacket;

/// <summary>
/// Every field of a snapshot that reaches the packet holds markup, scripts, file and network references, CSS
/// url(), right-to-left and emoji text: the packet prints it all as text, and nothing is fetched or read.
/// </summary>
public sealed class EvaluationPacketHostileTextTests : IAsyncLifetime
{
    private readonly PrinterFixture _printer = new();
    private readonly LocalListener _listener = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _printer.DisposeAsync();
    }

    /// <summary>The hostile text for one field; the field's name makes each one findable in the PDF.</summary>
    private string Hostile(string field) =>
        $"{field}: <img src=\"{_listener.Url(field + ".png")}\"><script>document.write('EXEC'+'UTED')</script>" +
        $"<a href=\"file:///etc/passwd\">file</a><iframe src=\"file:///etc/passwd\"></iframe>" +
        $"<style>body{{background:url({_listener.Url(field + "-bg.png")})}}</style><div style=\"background-image:url('{_listener.Url(field + "-inline.png")}')\">x</div>" +
        $"<link rel=\"stylesheet\" href=\"{_listener.Url(field + ".css")}\"> שלום עולם مرحبا 👩‍💼🚀 {field}END";

    private EvaluationSnapshot HostileSnapshot()
    {
        var sample = EvaluationPacketSamples.Snapshot();
        var longComment = Hostile("Comment") + " " + string.Join(" ", Enumerable.Repeat("<b>bold</b>", 1700)); // over 20,000 characters
        return sample with
        {
            CycleName = Hostile("Cycle"),
            Employee = new SnapshotPerson(1, Hostile("Employee")),
            Position = Hostile("Position"),
            UnitName = Hostile("Unit"),
            Evaluator = new SnapshotPerson(2, Hostile("Evaluator")),
            Reviewer = new SnapshotPerson(3, Hostile("Reviewer")),
            OverallLabel = Hostile("OverallLabel"),
            Strengths = Hostile("Strengths"),
            AreasToImprove = Hostile("Areas"),
            DevelopmentPlan = Hostile("Plan"),
            EmployeeComment = Hostile("EmployeeComment"),
            ApprovedBy = new SnapshotPerson(3, Hostile("ApprovedBy")),
            AcknowledgedBy = new SnapshotPerson(1, Hostile("AcknowledgedBy")),
            Ratings = [.. sample.Ratings.Select((r, i) => i == 0
                ? r with { Name = Hostile("Competency"), Description = Hostile("Description"), RatingLabel = Hostile("RatingLabel"), Comment = longComment }
                : r)],
            Evidence = sample.Evidence! with
            {
                UnitName = Hostile("EvidenceUnit"),
                Metrics = [.. sample.Evidence!.Metrics.Select((m, i) => i == 0 ? m with { Name = Hostile("EvidenceMetric"), Average = Hostile("Average"), Target = Hostile("Target") } : m)],
                Goals = [.. sample.Evidence.Goals.Select((g, i) => i == 0 ? g with { Statement = Hostile("Goal"), Status = Hostile("GoalStatus"), Attainment = Hostile("Attainment") } : g)],
            },
            Trends = [.. sample.Trends.Select((t, i) => i == 0 ? t with { Metric = t.Metric with { Name = Hostile("TrendMetric"), Explanation = Hostile("Explanation") } } : t)],
            LogEntries = [.. sample.LogEntries.Select((l, i) => i == 0
                ? l with { Type = Hostile("LogType"), Summary = Hostile("LogSummary"), Details = Hostile("LogDetails"), Author = Hostile("LogAuthor"),
                    Addenda = [new SnapshotAddendum(DateTimeOffset.UnixEpoch, Hostile("AddendumAuthor"), Hostile("Addendum"))] }
                : l)],
            Discipline = [.. sample.Discipline.Select((d, i) => i == 0
                ? d with { Level = Hostile("Level"), Status = Hostile("DisciplineStatus"), Policy = Hostile("Policy"), Description = Hostile("DisciplineDescription"),
                    RecommendedBy = Hostile("RecommendedBy"),
                    Grievances = [new SnapshotGrievance(new DateOnly(2026, 2, 20), Hostile("Grounds"), Hostile("Outcome"), Hostile("Resolution"), new DateOnly(2026, 3, 1))] }
                : d)],
            History = [.. sample.History.Select((h, i) => i == 0 ? h with { Step = Hostile("Step"), Who = Hostile("Who"), Note = Hostile("Note") } : h)],
        };
    }

    private static readonly string[] Fields =
    [
        "Cycle", "Employee", "Position", "Unit", "Evaluator", "Reviewer", "OverallLabel", "Strengths", "Areas", "Plan", "EmployeeComment",
        "ApprovedBy", "AcknowledgedBy", "Competency", "Description", "RatingLabel", "Comment", "EvidenceUnit", "EvidenceMetric", "Average", "Target",
        "Goal", "GoalStatus", "Attainment", "TrendMetric", "LogType", "LogSummary", "LogDetails", "LogAuthor", "AddendumAuthor", "Addendum",
        "Level", "DisciplineStatus", "Policy", "DisciplineDescription", "RecommendedBy", "Grounds", "Outcome", "Resolution", "Step", "Who", "Note",
    ];

    [Fact]
    public async Task Packet_HostileTextInEveryField_PrintsAsText_FetchesAndReadsNothing()
    {
        var snapshot = HostileSnapshot();
        var packets = new EvaluationPacketRenderer(_printer.Renderer);

        var html = await packets.RenderHtmlAsync(snapshot, PacketEdition.File, EvaluationPacketSamples.Stamp());
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img src=\"http", html);
        Assert.DoesNotContain("<iframe", html);
        Assert.DoesNotContain("<link rel=\"stylesheet\" href=\"http", html);
        Assert.DoesNotContain("<div style=\"background-image", html);
        // The document's own stylesheet is the only style element; any url( left is encoded text, not CSS.
        Assert.Single(Regex.Matches(html, "<style"));
        Assert.Contains("default-src 'none'", html);

        var pdf = await packets.RenderPdfAsync(snapshot, PacketEdition.File, EvaluationPacketSamples.Stamp());
        if (Environment.GetEnvironmentVariable("OPS_SCREENSHOTS") is { Length: > 0 } folder)
            await File.WriteAllBytesAsync(Path.Combine(folder, "packet-hostile.pdf"), pdf);
        var text = PdfText.Read(pdf).All;
        // Lines of text side by side interleave when read by position, and narrow columns wrap the markup anywhere: each
        // field is looked for in the order Chromium drew the glyphs (the document's order), without white space.
        string joined;
        using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf))
            joined = Regex.Replace(string.Concat(document.GetPages().SelectMany(p => p.Letters).Select(l => l.Value)), @"\s+", "");
        // Each field's text is on the page as written, its markup included. The trend's explanation is the one
        // field the packet does not print (a chart shows values only), so it is not in the list.
        foreach (var field in Fields)
        {
            Assert.Contains($"{field}:<imgsrc=\"{_listener.Url(field + ".png")}\"><script>document.write('EXEC'+'UTED')</script><ahref=\"file:///etc/passwd\">", joined);
            Assert.Contains($"{field}END", joined);
        }
        Assert.Contains("<b>bold</b> <b>bold</b>", text);
        // Right-to-left text is printed; a PDF keeps its glyphs in visual order, so it may read back reversed.
        Assert.True(joined.Contains("עולם", StringComparison.Ordinal) || joined.Contains("םלוע", StringComparison.Ordinal), "the Hebrew text is missing");
        Assert.DoesNotContain("EXECUTED", text);
        Assert.DoesNotContain("root:x:0:0", text);
        // Nothing asked for anything: not a request the printer had to refuse, not a connection to the listener.
        Assert.Equal(0, _printer.Printer.RequestsBlocked);
        Assert.Equal(0, _listener.Connections);
    }

    [Fact]
    public void HeaderAndFooter_EncodeTheirText()
    {
        var options = EvaluationPacketModel.From(HostileSnapshot(), PacketEdition.Employee, EvaluationPacketSamples.Stamp()).PdfOptions;
        var header = ChromiumPdfPrinter.HeaderTemplate(options);
        var footer = ChromiumPdfPrinter.FooterTemplate(options with { FooterStamp = "<b>Version</b> & co" });
        Assert.DoesNotContain("<img", header);
        Assert.DoesNotContain("<script", header);
        Assert.Contains("Employee: &lt;img src=", header);
        Assert.Contains("&lt;b&gt;Version&lt;/b&gt; &amp; co", footer);
        // No note, no header: an empty template, so Chromium prints neither its date nor the title there.
        Assert.Equal("<div></div>", ChromiumPdfPrinter.HeaderTemplate(new PdfDocumentOptions("T", "C")));
    }

    [Fact]
    public void Metadata_WritesAnyTextAsAPdfTextString()
    {
        // Parentheses and backslashes would end or escape a literal string; UTF-16 hex needs no escaping.
        Assert.Equal("<FEFF00280029005C05E9D83DDE80>", PdfInfo.TextString("()\\ש🚀"));
    }
}
