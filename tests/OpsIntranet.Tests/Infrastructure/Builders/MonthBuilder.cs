using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Tests.Infrastructure.Builders;

/// <summary>
/// A unit's month in a given status, taken there by the steps people take: the supervisor saves or
/// submits through the monthly form's service, a manager approves or returns. So the month must have
/// ended (by the app's clock), a red value needs an explanation, and the approver is not the author.
/// </summary>
public sealed class MonthBuilder(TestData data, BuiltUnit unit, DateOnly month)
{
    private readonly List<(BuiltMetric Metric, string Raw, string? Explanation)> _values = [];
    private BuiltUser? _supervisor;
    private BuiltUser? _manager;
    private SubmissionStatus _status = SubmissionStatus.Draft;
    private string? _reason;

    public MonthBuilder Value(BuiltMetric metric, decimal value, string? explanation = null) =>
        Value(metric, value.ToString(CultureInfo.InvariantCulture), explanation);

    /// <summary>A value as typed in the form (e.g. "1,250" or "96.5%").</summary>
    public MonthBuilder Value(BuiltMetric metric, string raw, string? explanation = null) { _values.Add((metric, raw, explanation)); return this; }

    public MonthBuilder EnteredBy(BuiltUser supervisor) { _supervisor = supervisor; return this; }
    public MonthBuilder Draft() { _status = SubmissionStatus.Draft; return this; }
    public MonthBuilder Submitted() { _status = SubmissionStatus.Submitted; return this; }
    public MonthBuilder Approved(BuiltUser by) { _status = SubmissionStatus.Approved; _manager = by; return this; }
    public MonthBuilder Returned(BuiltUser by, string reason) { _status = SubmissionStatus.Returned; _manager = by; _reason = reason; return this; }

    /// <summary>Returns the submission's id.</summary>
    public async Task<int> BuildAsync()
    {
        var supervisor = _supervisor ?? throw new InvalidOperationException("Say who entered the month (EnteredBy).");
        var inputs = _values.Select(v => new ValueInput(v.Metric.Id, v.Raw, v.Explanation)).ToList();
        var submit = _status != SubmissionStatus.Draft;
        var current = await VersionAsync();
        await data.InScopeAsync(async services =>
        {
            TestData.Must(await services.GetRequiredService<MonthlySubmissionService>().SaveAsync(await TestData.ViewerAsync(services, supervisor), unit.Id, month, current, inputs, submit), $"{unit.Code} {month:yyyy-MM}");
            return 0;
        });
        if (_status is SubmissionStatus.Approved or SubmissionStatus.Returned)
        {
            var version = await VersionAsync() ?? 0;
            await data.InScopeAsync(async services =>
            {
                var months = services.GetRequiredService<MonthlySubmissionService>();
                var manager = await TestData.ViewerAsync(services, _manager!);
                TestData.Must(_status == SubmissionStatus.Approved
                    ? await months.ApproveAsync(manager, unit.Id, month, version)
                    : await months.ReturnAsync(manager, unit.Id, month, version, _reason), $"{unit.Code} {month:yyyy-MM} {_status}");
                return 0;
            });
        }
        return await data.InScopeAsync(async services =>
            await services.GetRequiredService<AppDbContext>().MetricSubmissions.Where(s => s.UnitId == unit.Id && s.Month == month).Select(s => s.Id).SingleAsync());
    }

    private Task<uint?> VersionAsync() => data.InScopeAsync(async services =>
        await services.GetRequiredService<AppDbContext>().MetricSubmissions.Where(s => s.UnitId == unit.Id && s.Month == month).Select(s => (uint?)s.Version).SingleOrDefaultAsync());
}
