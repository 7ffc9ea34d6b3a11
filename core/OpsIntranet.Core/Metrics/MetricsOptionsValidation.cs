using Microsoft.Extensions.Options;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Core.Metrics;

/// <summary>Checks the Metrics section when the host starts.</summary>
public sealed class MetricsOptionsValidation : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var errors = new SettingErrors(MetricsOptions.Section);
        // Every month has a 28th: a later due day would not exist in February.
        errors.Range(nameof(options.DueDay), options.DueDay, 1, 28);
        return errors.Result();
    }
}
