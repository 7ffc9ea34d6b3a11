using Microsoft.Extensions.Options;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Jobs.Mail;

/// <summary>Where people open the intranet (configuration section "Intranet"): every link in an e-mail starts here.</summary>
public class IntranetOptions
{
    public const string Section = "Intranet";

    /// <summary>The address people use, e.g. https://opsintranet.city.example/ (the run command's is http://127.0.0.1:5000/).</summary>
    public string Url { get; set; } = "http://127.0.0.1:5000/";

    /// <summary>An absolute link to a path of the intranet, e.g. Link("/reports/subscriptions/3").</summary>
    public string Link(string pathAndQuery) => new Uri(new Uri(Url.EndsWith('/') ? Url : Url + "/"), pathAndQuery.TrimStart('/')).ToString();
}

public sealed class IntranetOptionsValidation : IValidateOptions<IntranetOptions>
{
    public ValidateOptionsResult Validate(string? name, IntranetOptions options)
    {
        var errors = new SettingErrors(IntranetOptions.Section);
        if (!(Uri.TryCreate(options.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors.Add(nameof(options.Url), $"must be an absolute http(s) address, was \"{options.Url}\".");
        return errors.Result();
    }
}
