using Microsoft.Extensions.Options;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Reminders;
using OpsIntranet.Jobs.Subscriptions;

namespace OpsIntranet.Jobs.Reminders;

/// <summary>Checks the reminder job's schedule when a job host starts (the other Reminders settings are checked in Core).</summary>
public sealed class ReminderScheduleValidation : IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        var errors = new SettingErrors(ReminderOptions.Section);
        if (!DepartmentScorecardOptionsValidation.IsCron(options.Cron))
            errors.Add(nameof(options.Cron), $"must be a cron expression (minute hour day month weekday), was \"{options.Cron}\".");
        return errors.Result();
    }
}
