using System.Globalization;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Core.Evaluations.PacketBatches;

/// <summary>
/// The names inside a cycle's packet ZIP: <c>&lt;unit&gt;/&lt;last-first&gt;-&lt;cycle&gt;-v&lt;n&gt;.pdf</c>, built only of
/// characters every file system and unzip tool takes (accents dropped, punctuation turned into hyphens, no
/// path separators or dots that could climb out of the folder).
/// </summary>
public static class PacketZipNames
{
    public const string Manifest = "manifest.csv";
    public const string NoUnit = "No unit";
    private const int MaxPart = 80;

    public static string Folder(string? unit) => Safe(unit ?? NoUnit, keepSpaces: true);

    public static string File(string lastName, string firstName, string cycle, int version) =>
        $"{Safe(lastName, false)}-{Safe(firstName, false)}-{Safe(cycle, false)}-v{version.ToString(CultureInfo.InvariantCulture)}.pdf";

    public static string Path(string? unit, string lastName, string firstName, string cycle, int version) =>
        $"{Folder(unit)}/{File(lastName, firstName, cycle, version)}";

    /// <summary>
    /// One packet's file name when it is downloaded on its own: the name it has in the ZIP, "-draft" for a preview, and
    /// which copy when it is not the personnel file's ("Reyes-Dana-FY2026-Annual-Evaluations-v2-employee-copy.pdf").
    /// </summary>
    public static string Download(string lastName, string firstName, string cycle, int? version, string copy)
    {
        var suffix = copy switch { Packets.PacketCopies.Employee => "-employee-copy", Packets.PacketCopies.Reviewer => "-reviewer-copy", _ => "" };
        var number = version is { } v ? $"v{v.ToString(CultureInfo.InvariantCulture)}" : "draft";
        return $"{Safe(lastName, false)}-{Safe(firstName, false)}-{Safe(cycle, false)}-{number}{suffix}.pdf";
    }

    /// <summary>The ZIP's own file name when downloaded.</summary>
    public static string ZipFile(string cycle, int batchId) =>
        $"{Safe(cycle, false)}-packets-{batchId.ToString(CultureInfo.InvariantCulture)}.zip";

    private static string Safe(string text, bool keepSpaces) => FileNames.Safe(text, keepSpaces, MaxPart);
}
