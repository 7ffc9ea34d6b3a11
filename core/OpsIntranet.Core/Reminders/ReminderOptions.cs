using Microsoft.Extensions.Options;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Core.Reminders;

/// <summary>When reminders and notices go out (configuration section "Reminders").</summary>
public class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>The daily reminder job, a cron in America/New_York; by default 07:00, before the working day starts.</summary>
    public string Cron { get; set; } = "0 7 * * *";

    /// <summary>"Metrics due soon" goes this many business days before the due date (0: never).</summary>
    public int DueSoonBusinessDays { get; set; } = 3;

    /// <summary>The managers' escalation goes this many business days after the due date.</summary>
    public int EscalationBusinessDays { get; set; } = 2;

    /// <summary>"Evaluation waiting on you" repeats every this many days while the step waits (the first after as many days).</summary>
    public int StepCadenceDays { get; set; } = 7;

    /// <summary>
    /// An escalation the job could not send on its day (the server was down) is still sent this many calendar
    /// days later; after that it is dropped, so a first start or a long outage does not escalate old months.
    /// </summary>
    public int CatchUpDays { get; set; } = 10;
}

public sealed class ReminderOptionsValidation : IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        var errors = new SettingErrors(ReminderOptions.Section);
        // The cron's shape is checked where it is scheduled (ReminderScheduleValidation, in the job hosts).
        errors.Required(nameof(options.Cron), options.Cron);
        errors.Range(nameof(options.DueSoonBusinessDays), options.DueSoonBusinessDays, 0, 15);
        errors.Range(nameof(options.EscalationBusinessDays), options.EscalationBusinessDays, 1, 15);
        errors.Range(nameof(options.StepCadenceDays), options.StepCadenceDays, 1, 90);
        errors.Range(nameof(options.CatchUpDays), options.CatchUpDays, 0, 60);
        return errors.Result();
    }
}
