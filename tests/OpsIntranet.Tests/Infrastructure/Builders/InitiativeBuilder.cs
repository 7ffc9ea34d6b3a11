using OpsIntranet.Core.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.People;

namespace OpsIntranet.Tests.Infrastructure.Builders;

/// <summary>A continuous-improvement initiative, created (and moved to its stage) by a manager of its units through the initiative service.</summary>
public sealed class InitiativeBuilder(TestData data, string title, BuiltUser createdBy)
{
    private readonly List<BuiltUnit> _units = [];
    private BuiltMetric? _metric;
    private (string From, string To)? _baseline;
    private string? _target;
    private Employee? _owner;
    private DateOnly? _start;
    private DateOnly? _due;
    private InitiativeStage _stage = InitiativeStage.Plan;
    private InitiativeStatus _status = InitiativeStatus.Active;

    public InitiativeBuilder For(params BuiltUnit[] units) { _units.AddRange(units); return this; }
    public InitiativeBuilder OwnedBy(Employee owner) { _owner = owner; return this; }
    public InitiativeBuilder OwnedBy(BuiltUser owner) { _owner = owner.Employee; return this; }

    /// <summary>Measured on a metric, with its baseline months (yyyy-MM) and the target value as typed.</summary>
    public InitiativeBuilder Measured(BuiltMetric metric, DateOnly baselineFrom, DateOnly baselineTo, string target)
    {
        _metric = metric;
        _baseline = (DepartmentCalendar.MonthKey(baselineFrom), DepartmentCalendar.MonthKey(baselineTo));
        _target = target;
        return this;
    }

    public InitiativeBuilder Dates(DateOnly start, DateOnly due) { _start = start; _due = due; return this; }
    public InitiativeBuilder At(InitiativeStage stage, InitiativeStatus status = InitiativeStatus.Active) { _stage = stage; _status = status; return this; }

    /// <summary>Returns the initiative's id.</summary>
    public async Task<int> BuildAsync()
    {
        var id = await data.InScopeAsync(async services =>
        {
            var viewer = await TestData.ViewerAsync(services, createdBy);
            var today = DepartmentCalendar.Today(services.GetRequiredService<TimeProvider>());
            var input = new InitiativeInput(title, "The measure has slipped for several months running.", [.. _units.Select(u => u.Id)], _metric?.Id,
                _baseline?.From, _baseline?.To, _target, (_owner ?? createdBy.Employee).Id, _start ?? today.AddDays(-14), _due ?? today.AddMonths(3),
                InitiativeStage.Plan, InitiativeStatus.Active);
            return TestData.Must(await services.GetRequiredService<InitiativeService>().SaveAsync(viewer, null, 0, input), "an initiative");
        });
        if (_stage == InitiativeStage.Plan && _status == InitiativeStatus.Active) return id;
        // Moved as a manager moves it, so the stage history records the step.
        await data.InScopeAsync(async services =>
        {
            var viewer = await TestData.ViewerAsync(services, createdBy);
            var version = await services.GetRequiredService<AppDbContext>().Initiatives.Where(i => i.Id == id).Select(i => i.Version).SingleAsync();
            return TestData.Must(await services.GetRequiredService<InitiativeService>().MoveAsync(viewer, id, version, _stage, _status, "Moved on by the team."), "a move");
        });
        return id;
    }
}
