using OpsIntranet.Core.Access;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.People;

namespace OpsIntranet.Tests.Infrastructure.Builders;

/// <summary>
/// An evaluation taken to a workflow step by the people whose step it is: the evaluator opens a
/// cycle and writes it, the reviewer returns or approves it, the employee acknowledges it, the
/// evaluator closes it. The evaluator is the account of the person the employee reports to (as the
/// app assigns it) and opens the cycle. The period is the last finished fiscal year unless set.
/// </summary>
public sealed class EvaluationBuilder(TestData data, Employee of, BuiltUser evaluator, BuiltUser reviewer)
{
    private EvaluationStep _step = EvaluationStep.Created;
    private BuiltUser? _employee;
    private int _rating = 3;
    private (DateOnly Start, DateOnly End)? _period;

    public EvaluationBuilder Period(DateOnly start, DateOnly end) { _period = (start, end); return this; }
    public EvaluationBuilder Rated(int rating) { _rating = rating; return this; }

    /// <summary>Created (empty draft), Saved (partly written), Submitted, Returned, Approved; for Acknowledged and Closed use <see cref="AcknowledgedBy"/>.</summary>
    public EvaluationBuilder AtStep(EvaluationStep step) { _step = step; return this; }

    /// <summary>Approved and acknowledged by the employee (who needs an account); then <c>AtStep(Closed)</c> closes it.</summary>
    public EvaluationBuilder AcknowledgedBy(BuiltUser employee)
    {
        _employee = employee;
        if (_step < EvaluationStep.Acknowledged) _step = EvaluationStep.Acknowledged;
        return this;
    }

    /// <summary>Returns the evaluation's id.</summary>
    public async Task<int> BuildAsync()
    {
        if (_step >= EvaluationStep.Acknowledged && _employee is null)
            throw new InvalidOperationException("An acknowledged or closed evaluation needs the employee's account (AcknowledgedBy).");

        var id = await Step(evaluator, async (services, viewer) =>
        {
            var today = DepartmentCalendar.Today(services.GetRequiredService<TimeProvider>());
            var fy = DepartmentCalendar.FiscalYearOf(today) - 1;
            var (start, end) = _period ?? (DepartmentCalendar.FiscalYearStart(fy), DepartmentCalendar.FiscalYearEnd(fy));
            var input = new CycleInput($"Evaluation of {of.FullName} {start:yyyy-MM-dd}", CycleKind.Annual, start, end, end.AddDays(60), [of.Id], reviewer.Id);
            var cycle = TestData.Must(await services.GetRequiredService<EvaluationService>().CreateCycleAsync(viewer, input), "an evaluation cycle");
            var created = await services.GetRequiredService<AppDbContext>().Evaluations.Where(e => e.CycleId == cycle && e.EmployeeId == of.Id)
                .Select(e => new { e.Id, e.EvaluatorUserId }).SingleAsync();
            // The app makes the account of the person's line manager the evaluator; a builder told otherwise would write as the wrong person.
            if (created.EvaluatorUserId != evaluator.Id)
                throw new InvalidOperationException($"The app made user {created.EvaluatorUserId} the evaluator of {of.FullName}, not {evaluator.DisplayName}: pass the account of the person they report to.");
            return created.Id;
        });
        if (_step == EvaluationStep.Created) return id;

        await WriteAsync(id, complete: _step != EvaluationStep.Saved, submit: _step != EvaluationStep.Saved);
        if (_step is EvaluationStep.Saved or EvaluationStep.Submitted) return id;
        if (_step == EvaluationStep.Returned)
        {
            await Step(reviewer, async (services, viewer) => TestData.Must(
                await services.GetRequiredService<EvaluationService>().ReturnAsync(viewer, id, await VersionAsync(services, id), "Add the evidence for the ratings."), "a return"));
            return id;
        }
        await Step(reviewer, async (services, viewer) => TestData.Must(
            await services.GetRequiredService<EvaluationService>().ApproveAsync(viewer, id, await VersionAsync(services, id), null), "an approval"));
        if (_step == EvaluationStep.Approved) return id;
        await Step(_employee!, async (services, viewer) => TestData.Must(
            await services.GetRequiredService<EvaluationService>().AcknowledgeAsync(viewer, id, await VersionAsync(services, id), null), "an acknowledgement"));
        if (_step == EvaluationStep.Acknowledged) return id;
        await Step(evaluator, async (services, viewer) => TestData.Must(
            await services.GetRequiredService<EvaluationService>().CloseAsync(viewer, id, await VersionAsync(services, id), null), "a close"));
        return id;
    }

    private Task WriteAsync(int id, bool complete, bool submit) => Step(evaluator, async (services, viewer) =>
    {
        var db = services.GetRequiredService<AppDbContext>();
        var ratings = await db.Evaluations.Where(e => e.Id == id).SelectMany(e => e.Ratings).OrderBy(r => r.SortOrder).Select(r => r.Id).ToListAsync();
        var rating = _rating.ToString(CultureInfo.InvariantCulture);
        var input = new EvaluationInput([.. ratings.Select((r, i) => new RatingInput(r, complete || i == 0 ? rating : null, null))],
            complete ? "Keeps the team focused at peak times." : null, complete ? "Written summaries arrive late." : null, complete ? "Finish the writing course by spring." : null);
        return TestData.Must(await services.GetRequiredService<EvaluationService>().SaveAsync(viewer, id, await VersionAsync(services, id), input, submit), "an evaluation");
    });

    private Task<T> Step<T>(BuiltUser who, Func<IServiceProvider, Viewer, Task<T>> step) =>
        data.InScopeAsync(async services => await step(services, await TestData.ViewerAsync(services, who)));

    private static Task<uint> VersionAsync(IServiceProvider services, int id) =>
        services.GetRequiredService<AppDbContext>().Evaluations.Where(e => e.Id == id).Select(e => e.Version).SingleAsync();
}
