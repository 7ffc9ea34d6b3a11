using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Jobs.Evaluations;
using OpsIntranet.Templates.Documents.EvaluationPacket;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace OpsIntranet.Tests.Web.Evaluations.Cycle;

/// <summary>
/// What the test wants of the packet generator: packets held at a gate until the test lets one through (so progress
/// is observed step by step, never raced), renders that crash for chosen evaluations, and how many packets of each
/// evaluation were actually stored.
/// </summary>
public sealed class PacketScript
{
    public SemaphoreSlim? Gate { get; set; }
    public ConcurrentDictionary<int, string> Crash { get; } = new();
    public ConcurrentDictionary<int, int> Stored { get; } = new();
}

/// <summary>
/// The packet generator with the printing replaced by a small real PDF (the employee's name and the version on one
/// page) stored through the document store as the personnel-file copy, v1. Everything the batch does with it (the
/// store's rows, streaming, hashes) is the product's.
/// </summary>
public sealed class ScriptedPacketGenerator : EvaluationPacketGenerator
{
    private readonly AppDbContext db;
    private readonly DocumentStore documents;
    private readonly PacketScript script;

    public ScriptedPacketGenerator(AppDbContext db, DocumentStore documents, EvaluationPacketRenderer renderer, Viewers viewers, TimeProvider clock, PacketScript script)
        : base(db, documents, renderer, viewers, clock)
    {
        this.db = db;
        this.documents = documents;
        this.script = script;
    }

    public const string Kind = "evaluation-packet-test-file";

    public override async Task<StoredDocument?> EnsureFileCopyAsync(int evaluationId, CancellationToken ct)
    {
        if (script.Gate is { } gate) await gate.WaitAsync(ct);
        if (script.Crash.TryGetValue(evaluationId, out var crash)) throw new InvalidOperationException(crash);
        var ev = await db.Evaluations.AsNoTracking().Where(e => e.Id == evaluationId)
            .Select(e => new { e.Status, e.Employee!.FirstName, e.Employee.LastName }).SingleAsync(ct);
        if (ev.Status < EvaluationStatus.Approved) return null;
        var saved = await documents.SaveAsync(new DocumentKey(Kind, new DocumentSubject(DocumentSubjects.Evaluation, evaluationId), 1),
            $"packet-{evaluationId}-v1.pdf", "application/pdf", new MemoryStream(Pdf($"Evaluation packet of {ev.FirstName} {ev.LastName}, version 1")), null, ct);
        if (saved.Created) script.Stored.AddOrUpdate(evaluationId, 1, (_, n) => n + 1);
        return saved.Document;
    }

    public static byte[] Pdf(string text)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.Letter).AddText(text, 12, new UglyToad.PdfPig.Core.PdfPoint(72, 700), font);
        return builder.Build();
    }
}
