using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Jobs.Mail;

/// <summary>Checks the Smtp section when the host starts, so a typo stops the app rather than the first e-mail.</summary>
public sealed class SmtpOptionsValidation : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var errors = new SettingErrors(SmtpOptions.Section);
        errors.Required(nameof(options.Host), options.Host);
        errors.Range(nameof(options.Port), options.Port, 1, 65535);
        if (!Enum.IsDefined(options.Security))
            errors.Add(nameof(options.Security), $"must be one of {string.Join(", ", Enum.GetNames<SecureSocketOptions>())}, was {(int)options.Security}.");
        if (!MailboxAddress.TryParse(options.FromAddress, out _) || !options.FromAddress.Contains('@'))
            errors.Add(nameof(options.FromAddress), $"must be an e-mail address, was \"{options.FromAddress}\".");
        errors.Range(nameof(options.TimeoutSeconds), options.TimeoutSeconds, 1, 600);
        return errors.Result();
    }
}
