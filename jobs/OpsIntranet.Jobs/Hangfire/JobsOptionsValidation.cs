using Microsoft.Extensions.Options;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Jobs.Hangfire;

/// <summary>Checks the Jobs section when the host starts.</summary>
public sealed class JobsOptionsValidation : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var errors = new SettingErrors(JobsOptions.Section);
        errors.Range(nameof(options.WorkerCount), options.WorkerCount, 1, 64);
        // Shorter than a few seconds, a live worker could not renew its lease in time and jobs would run twice.
        errors.Range(nameof(options.InvisibilityTimeout), options.InvisibilityTimeout, TimeSpan.FromSeconds(5), TimeSpan.FromDays(1));
        return errors.Result();
    }
}
