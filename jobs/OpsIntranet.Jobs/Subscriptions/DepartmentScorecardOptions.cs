using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MimeKit;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Jobs.Subscriptions;

/// <summary>
/// The department scorecard as configuration describes it (section "Reports:DepartmentScorecard"). Read once: on first
/// start <see cref="DepartmentScorecardSeed"/> makes it the subscription "Monthly department scorecard"; after that
/// the subscription is kept in the intranet and these settings are not read again.
/// </summary>
public class DepartmentScorecardOptions
{
    public const string Section = "Reports:DepartmentScorecard";

    /// <summary>False: the seeded subscription starts paused.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Cron in America/New_York; by default 08:00 on the 12th, after the 10th's submission deadline.</summary>
    public string Cron { get; set; } = "0 8 12 * *";
    public List<string> Recipients { get; set; } = [];
}

/// <summary>Checks the Reports:DepartmentScorecard section when the host starts: a bad schedule or address would otherwise be seeded into the subscription.</summary>
public sealed partial class DepartmentScorecardOptionsValidation : IValidateOptions<DepartmentScorecardOptions>
{
    public ValidateOptionsResult Validate(string? name, DepartmentScorecardOptions options)
    {
        var errors = new SettingErrors(DepartmentScorecardOptions.Section);
        if (!IsCron(options.Cron))
            errors.Add(nameof(options.Cron), $"must be a cron expression (minute hour day month weekday), was \"{options.Cron}\".");
        for (var i = 0; i < options.Recipients.Count; i++)
            if (!MailboxAddress.TryParse(options.Recipients[i], out _) || !options.Recipients[i].Contains('@'))
                errors.Add($"{nameof(options.Recipients)}:{i}", $"must be an e-mail address, was \"{options.Recipients[i]}\".");
        return errors.Result();
    }

    /// <summary>
    /// Hangfire reads five fields, or six with seconds first. Its parser is not public, so this checks the
    /// shape and the numeric bounds of each field (lists, ranges, steps, names, and Hangfire's L, W, # and ?).
    /// </summary>
    internal static bool IsCron(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron)) return false;
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        (int Min, int Max)[] bounds = fields.Length switch
        {
            5 => [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)],
            6 => [(0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 7)],
            _ => [],
        };
        return bounds.Length > 0 && fields.Zip(bounds).All(f => f.First.Split(',').All(part => IsPart(part, f.Second.Min, f.Second.Max)));
    }

    private static bool IsPart(string part, int min, int max)
    {
        var match = Part().Match(part);
        if (!match.Success) return false;
        foreach (var group in new[] { "from", "to" })
            if (match.Groups[group].Success && int.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && (n < min || n > max)) return false;
        return !match.Groups["step"].Success || int.Parse(match.Groups["step"].Value, CultureInfo.InvariantCulture) > 0;
    }

    [GeneratedRegex(@"^(?:\*|\?|L|LW|(?<from>\d+|[A-Za-z]{3})(?:[LW]|#[1-5])?(?:-(?<to>\d+|[A-Za-z]{3}))?)(?:/(?<step>\d+))?$")]
    private static partial Regex Part();
}
