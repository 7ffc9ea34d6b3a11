using Microsoft.Extensions.Options;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Core.People;

/// <summary>Checks the People section when the host starts.</summary>
public sealed class PeopleOptionsValidation : IValidateOptions<PeopleOptions>
{
    public ValidateOptionsResult Validate(string? name, PeopleOptions options)
    {
        var errors = new SettingErrors(PeopleOptions.Section);
        // 0 hours is allowed: no corrections, addenda only.
        errors.Range(nameof(options.LogEditWindowHours), options.LogEditWindowHours, 0, 24 * 365);
        errors.Range(nameof(options.AcknowledgeWithinDays), options.AcknowledgeWithinDays, 1, 365);
        return errors.Result();
    }
}
