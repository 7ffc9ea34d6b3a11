using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;

namespace OpsIntranet.Jobs.Subscriptions;

/// <summary>Which units a report kind takes.</summary>
public enum UnitChoice
{
    /// <summary>The whole department as the owner sees it; no units are chosen.</summary>
    Department = 0,
    /// <summary>Exactly one unit.</summary>
    OneUnit = 1,
    /// <summary>Any of the owner's units; none chosen means all of them.</summary>
    Units = 2,
}

/// <summary>What a run asks of a report kind: which units, which period, and for whom (the subscription owner's viewer, or the system's).</summary>
public sealed record ReportRequest(IReadOnlyList<int> UnitIds, ReportPeriod Period, Viewer Viewer);

/// <summary>A figure the e-mail quotes in its body, e.g. ("On target", "31").</summary>
public sealed record HeadlineFigure(string Label, string Value);

/// <summary>A report kind's document for one run, and what its e-mail says about it.</summary>
public sealed record KindReport(
    byte[] Pdf, string Title, string FileName, bool HasApprovedData, IReadOnlyList<HeadlineFigure> Headlines, IReadOnlyList<string> NotApprovedUnits);

/// <summary>
/// A report that can be subscribed to. One implementation per kind, registered with <see cref="ReportKindRegistration.AddReportKind{T}"/>;
/// the subscription pages offer every registered kind, and the run job renders through it. A later kind (a storm
/// situation report) is one more registration, nothing else.
/// </summary>
public interface IReportKind
{
    /// <summary>Stored in report_subscriptions.report_kind and report_runs.report, e.g. "department-scorecard". Never changes once used.</summary>
    string Key { get; }
    /// <summary>As a person picks it, e.g. "Department scorecard".</summary>
    string Label { get; }
    /// <summary>One line under the label on the form.</summary>
    string Description { get; }
    UnitChoice Units { get; }
    /// <summary>The periods it can cover; the first is the default.</summary>
    IReadOnlyList<PeriodRule> PeriodRules { get; }
    /// <summary>The document, or null when the request's units are outside what its viewer may read (never a partial report).</summary>
    Task<KindReport?> RenderAsync(ReportRequest request, CancellationToken ct);

    /// <summary>The intranet page that shows the same report (path and query, e.g. "/units/3?month=2026-10"), for the link in its e-mail; null when there is none.</summary>
    string? PagePath(IReadOnlyList<int> unitIds, ReportPeriod period) => null;
}

/// <summary>Every registered report kind, by key.</summary>
public class ReportKinds(IEnumerable<IReportKind> kinds)
{
    private readonly IReadOnlyList<IReportKind> _all = [.. kinds];

    public IReadOnlyList<IReportKind> All => _all;

    public IReportKind? Find(string? key) => _all.FirstOrDefault(k => k.Key == key);
}

public static class ReportKindRegistration
{
    /// <summary>The kind, and its e-mail (a <see cref="SubscriptionMail"/> for the kind's key, which <see cref="Delivery.SendDeliveryJob"/> finds by the run's report).</summary>
    public static IServiceCollection AddReportKind<T>(this IServiceCollection services) where T : class, IReportKind
    {
        services.AddScoped<T>();
        services.AddScoped<IReportKind>(sp => sp.GetRequiredService<T>());
        services.AddScoped<Delivery.IReportMail>(sp => ActivatorUtilities.CreateInstance<SubscriptionMail>(sp, sp.GetRequiredService<T>().Key));
        return services;
    }
}
