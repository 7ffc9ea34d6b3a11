using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Storm;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Jobs.Mail;
using OpsIntranet.Templates.Documents.SituationReport;
using OpsIntranet.Templates.Emails.SitrepEmail;
using OpsIntranet.Templates.Rendering;

namespace OpsIntranet.Jobs.Storm;

public sealed record SitrepHeadline(string Label, string Value);

/// <summary>What a sitrep run's e-mail says, stored with its document (<see cref="ReportRun.Summary"/>) so every recipient and retry gets the same words.</summary>
public sealed record SitrepSummary(int EventId, string EventName, string Subject, string AsOf, IReadOnlyList<SitrepHeadline> Headlines, IReadOnlyList<string> Problems, string AttachmentName)
{
    public string Write() => JsonSerializer.Serialize(this);

    public static SitrepSummary Read(ReportRun run) =>
        (run.Summary is { } json ? JsonSerializer.Deserialize<SitrepSummary>(json) : null)
        ?? throw new InvalidOperationException($"Sitrep run {run.Id} has no summary to write its e-mail from.");
}

/// <summary>A rendered situation report: the PDF, its file name and what its e-mail says.</summary>
public sealed record SitrepDocument(byte[] Pdf, string FileName, SitrepSummary Summary);

/// <summary>Renders an event's situation report as of now, as the viewer may read it (the scheduled job reads as the system).</summary>
public class SitrepDocuments(SitrepQuery query, DocumentRenderer renderer)
{
    public async Task<SitrepDocument?> RenderAsync(Viewer viewer, int eventId, string subject, CancellationToken ct)
    {
        if (await query.LoadAsync(viewer, eventId, ct) is not { } data) return null;
        var model = SituationReportModel.From(data);
        var pdf = await renderer.RenderPdfAsync<SituationReportDocument>(model, new PdfDocumentOptions(model.Title, PdfDocumentOptions.ConfidentialFooter), ct);
        var local = StormTime.ToEastern(data.AsOf);
        var fileName = $"sitrep-{Slug(data.Event.Name)}-{local.ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture)}.pdf";
        var headlines = new List<SitrepHeadline>
        {
            new("State", $"{StormEventService.Describe(data.Event.State)}, {data.Event.Level.ToString().ToLowerInvariant()} activation"),
            new("Coverage now", data.Now is { } now ? $"{now.Covering} of {now.Required} covering shift {now.Label}" + (now.Gap > 0 ? $" ({now.Gap} short)" : "") : "no shift running"),
        };
        var reported = data.Latest.Where(l => l.Report is not null).ToList();
        if (reported.Count > 0)
        {
            var offered = reported.Sum(l => l.Report!.CallsOffered);
            var abandoned = reported.Sum(l => l.Report!.CallsAbandoned);
            headlines.Add(new("Calls offered (latest shift reports)", offered.ToString("N0", CultureInfo.InvariantCulture)));
            headlines.Add(new("Abandon rate", offered == 0 ? "—" : (100m * abandoned / offered).ToString("0.0", CultureInfo.InvariantCulture) + "%"));
        }
        var problems = data.StaffingProblems.Concat(data.UncoveredShifts).Concat(data.LateReports).ToList();
        var summary = new SitrepSummary(eventId, data.Event.Name, subject, StormTime.Describe(data.AsOf), headlines, problems, fileName);
        return new SitrepDocument(pdf, fileName, summary);
    }

    private static string Slug(string name)
    {
        var slug = new string([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        while (slug.Contains("--", StringComparison.Ordinal)) slug = slug.Replace("--", "-", StringComparison.Ordinal);
        slug = slug.Trim('-');
        return slug.Length == 0 ? "event" : slug[..Math.Min(slug.Length, 60)];
    }
}

/// <summary>A sitrep's e-mail, from the summary its run stored.</summary>
public class SitrepMail(DocumentRenderer renderer, IOptions<IntranetOptions> intranet) : IReportMail
{
    public string Report => SitrepRuns.Report;

    public async Task<ReportMailContent> ComposeAsync(ReportRun run, ReportDelivery delivery, CancellationToken ct)
    {
        var s = SitrepSummary.Read(run);
        var model = new SitrepEmailModel(s.EventName, s.AsOf, [.. s.Headlines.Select(h => (h.Label, h.Value))], s.Problems,
            intranet.Value.Link($"/storm/{s.EventId.ToString(CultureInfo.InvariantCulture)}/sitreps"), s.AttachmentName,
            "You receive this as a recipient of the event's situation reports; its managers keep the list on the intranet.");
        var html = await renderer.RenderHtmlAsync<SitrepEmail>(model);
        return new ReportMailContent(s.Subject, html, model.Text());
    }
}
