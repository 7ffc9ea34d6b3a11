using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MimeKit;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Jobs.Scorecards;

/// <summary>Checks the Reports:DepartmentScorecard section when the host starts: a bad schedule or address would otherwise surface on the 12th.</summary>
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
        if (options.IntranetUrl is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors.Add(nameof(options.IntranetUrl), $"must be an absolute http(s) address, was \"{url}\".");
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
