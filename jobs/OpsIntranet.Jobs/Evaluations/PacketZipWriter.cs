using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Evaluations.PacketBatches;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Jobs.Evaluations;

/// <summary>
/// Writes a batch's ZIP to a stream: each stored packet copied straight from the document store into its entry
/// (never a whole file in memory), checked against its SHA-256 on the way, and a manifest CSV listing every packet
/// (unit, employee, cycle, version, file, SHA-256, size) and every failure with its reason.
/// </summary>
public class PacketZipWriter(DocumentStore documents)
{
    public static readonly string[] ManifestHeader = ["unit", "employee", "cycle", "version", "file", "sha256", "size_bytes", "status", "reason"];

    public async Task WriteAsync(IReadOnlyList<PacketZipEntry> entries, Stream output, CancellationToken ct)
    {
        var manifest = new StringBuilder();
        manifest.AppendJoin(',', ManifestHeader).Append("\r\n");
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var buffer = new byte[81920];
        await using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            foreach (var e in entries)
            {
                var employee = $"{e.FirstName} {e.LastName}";
                var unit = e.Unit ?? PacketZipNames.NoUnit;
                if (e.Status != PacketBatchItemStatus.Done || e.Document is not { } document)
                {
                    Row(manifest, unit, employee, e.Cycle, "", "", "", "", "failed", e.Error ?? "Not generated.");
                    continue;
                }
                var name = PacketZipNames.Path(e.Unit, e.LastName, e.FirstName, e.Cycle, document.Version);
                // Two people of one unit with the same name: the second file says which document it is.
                if (!used.Add(name)) used.Add(name = name[..^4] + $"-d{document.Id.ToString(CultureInfo.InvariantCulture)}.pdf");
                // PDFs are compressed inside already; storing them spares two busy cores the deflate work for a few percent.
                var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
                entry.LastWriteTime = document.CreatedAt;
                await using var opened = await documents.OpenReadAsync(document.Id, ct) ?? throw new InvalidOperationException($"The packet {document.Id} ({name}) is not in the document store.");
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long size = 0;
                await using (var target = await entry.OpenAsync(ct))
                {
                    int n;
                    while ((n = await opened.Content.ReadAsync(buffer, ct)) > 0)
                    {
                        sha.AppendData(buffer, 0, n);
                        size += n;
                        await target.WriteAsync(buffer.AsMemory(0, n), ct);
                    }
                }
                var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
                if (hash != document.Sha256) throw new InvalidOperationException($"The stored packet {document.Id} ({name}) does not match its SHA-256; the ZIP is not built.");
                Row(manifest, unit, employee, e.Cycle, document.Version.ToString(CultureInfo.InvariantCulture), name, hash, size.ToString(CultureInfo.InvariantCulture), "done", "");
            }
            var manifestEntry = zip.CreateEntry(PacketZipNames.Manifest, CompressionLevel.Optimal);
            await using var writer = await manifestEntry.OpenAsync(ct);
            // A byte-order mark so that a spreadsheet opens the names with accents correctly.
            await writer.WriteAsync(Encoding.UTF8.GetPreamble(), ct);
            await writer.WriteAsync(Encoding.UTF8.GetBytes(manifest.ToString()), ct);
        }
    }

    private static void Row(StringBuilder sb, params string[] fields) => sb.AppendJoin(',', fields.Select(Csv.Escape)).Append("\r\n");
}
