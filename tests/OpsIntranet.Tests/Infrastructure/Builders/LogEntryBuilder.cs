using OpsIntranet.Core.Access;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.People;

namespace OpsIntranet.Tests.Infrastructure.Builders;

/// <summary>A performance-log entry written by someone who keeps the person's record (the log's own access rules apply).</summary>
public sealed class LogEntryBuilder(TestData data, Employee about, BuiltUser writtenBy)
{
    private LogEntryType _type = LogEntryType.Observation;
    private DateOnly? _date;
    private string _summary = "Observation on the floor";
    private string? _details = "Noted during a routine visit.";
    private bool _shared;

    public LogEntryBuilder Type(LogEntryType type) { _type = type; return this; }
    public LogEntryBuilder On(DateOnly date) { _date = date; return this; }
    public LogEntryBuilder Summary(string summary) { _summary = summary; return this; }
    public LogEntryBuilder Details(string? details) { _details = details; return this; }
    public LogEntryBuilder SharedWithEmployee() { _shared = true; return this; }

    /// <summary>Returns the entry's id.</summary>
    public Task<int> BuildAsync() => data.InScopeAsync(async services =>
    {
        var viewer = await TestData.ViewerAsync(services, writtenBy);
        var date = _date ?? TestClock.LastMonth.AddDays(9);
        return TestData.Must(await services.GetRequiredService<PerformanceLogService>().AddAsync(viewer, about.Id, new LogInput(_type, date, _summary, _details, _shared)), "a log entry");
    });
}
