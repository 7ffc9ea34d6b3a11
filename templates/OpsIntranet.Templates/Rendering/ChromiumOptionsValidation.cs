using Microsoft.Extensions.Options;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Templates.Rendering;

/// <summary>
/// Checks the Chromium section when the host starts. Whether the browser is installed is left to the
/// first render, which says what to install: a web node that never prints should still start.
/// </summary>
public sealed class ChromiumOptionsValidation : IValidateOptions<ChromiumOptions>
{
    public ValidateOptionsResult Validate(string? name, ChromiumOptions options)
    {
        var errors = new SettingErrors(ChromiumOptions.Section);
        errors.Required(nameof(options.ExecutablePath), options.ExecutablePath);
        errors.Range(nameof(options.MaxConcurrentRenders), options.MaxConcurrentRenders, 0, 64);
        errors.Range(nameof(options.RecycleAfterRenders), options.RecycleAfterRenders, 1, 100_000);
        errors.Range(nameof(options.RenderTimeoutSeconds), options.RenderTimeoutSeconds, 1, 3600);
        return errors.Result();
    }
}
