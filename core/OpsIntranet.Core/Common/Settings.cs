using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpsIntranet.Core.Common;

/// <summary>
/// Collects what is wrong with one configuration section, each message naming the setting as it is
/// written in configuration ("Smtp:Port must be between 1 and 65535, was 0."), so a bad value stops
/// the app at start-up with a line the operator can act on.
/// </summary>
public sealed class SettingErrors(string section)
{
    private readonly List<string> _errors = [];

    private string Name(string setting) => $"{section}:{setting}";

    public void Add(string setting, string problem) => _errors.Add($"{Name(setting)} {problem}");

    public void Range(string setting, int value, int min, int max)
    {
        if (value < min || value > max) Add(setting, $"must be between {min} and {max}, was {value.ToString(CultureInfo.InvariantCulture)}.");
    }

    public void Range(string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max) Add(setting, $"must be between {min:c} and {max:c}, was {value:c}.");
    }

    public void Required(string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(setting, "must be set.");
    }

    public ValidateOptionsResult Result() => _errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_errors);
}

public static class SettingsRegistration
{
    /// <summary>Binds a section, checks it with its validator and does so when the host starts, not at first use.</summary>
    public static IServiceCollection AddCheckedSettings<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services;
    }
}
