using System.Security.Cryptography;
using System.Text;
using OpsIntranet.Core.Evaluations;

namespace OpsIntranet.Templates.Documents.EvaluationPacket;

/// <summary>
/// Which copy of a packet: the same approved snapshot printed for different readers, because the
/// personnel rules let them see different parts of the record. Each copy is its own stored document
/// (kind per edition), with its own hash, so every copy can be verified.
/// </summary>
public enum PacketEdition
{
    /// <summary>The personnel-file copy: the manager chain and administrators; every log entry and disciplinary action of the period.</summary>
    File = 0,
    /// <summary>The employee's copy: only the log entries and disciplinary actions shared with the employee.</summary>
    Employee = 1,
    /// <summary>The reviewer's copy, for a reviewer outside the manager chain: no performance log and no discipline.</summary>
    Reviewer = 2,
}

/// <summary>
/// What marks a printed packet as a record: its version (1 for the first approval) and the fingerprint of its
/// content (printed in every footer, so a paper copy can be checked); or, for a preview of an evaluation not yet
/// approved, a DRAFT watermark and no version. No render time: printing a version again gives the same text.
/// </summary>
public sealed record PacketStamp(int? Version, string? Fingerprint, bool Draft)
{
    /// <summary>The characters of the fingerprint printed in the footer and accepted by the verify page.</summary>
    public const int PrintedFingerprintLength = 12;
}

/// <summary>
/// The fingerprint of a packet's content: SHA-256 of the snapshot's JSON and the edition. The same snapshot
/// and copy always give the same fingerprint (the PDF's bytes differ between renders by their creation time,
/// its text does not), so a printed footer can be checked against the stored record.
/// </summary>
public static class PacketFingerprint
{
    /// <summary>Of a stored snapshot, over its JSON exactly as stored: a later version of the code that writes snapshots differently cannot change it.</summary>
    public static string Compute(string storedSnapshotJson, PacketEdition edition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(storedSnapshotJson + "\n" + edition)));

    /// <summary>Of a snapshot in memory (samples, benchmarks): its JSON as written today.</summary>
    public static string Compute(EvaluationSnapshot snapshot, PacketEdition edition) => Compute(snapshot.ToJson(), edition);

    /// <summary>The part printed in the footer.</summary>
    public static string Printed(string fingerprint) => fingerprint[..PacketStamp.PrintedFingerprintLength];
}
