using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.People;

namespace OpsIntranet.Tests.Infrastructure.Builders;

/// <summary>
/// Builds exactly the state a test needs in its own database, through the app's own services and
/// entities, so a new test does not need the demo seed to grow. Start from <c>new TestData(factory)</c>
/// on an app over <see cref="TestDatabases.CreateEmptyAsync"/> (or over the demo, with names the demo
/// does not use). Each build runs in a fresh scope of the app, as a request would.
/// </summary>
public sealed class TestData(OpsWebFactory factory)
{
    /// <summary>The password of every account a builder creates; it passes the app's password rules.</summary>
    public const string Password = "Builder!Pass2026";

    public OpsWebFactory Factory => factory;

    public UnitBuilder Unit(string code) => new(this, code);
    public UserBuilder User(string firstName, string lastName) => new(this, firstName, lastName);
    public EmployeeBuilder Employee(string firstName, string lastName) => new(this, firstName, lastName);
    public MetricBuilder Metric(BuiltUnit unit, string code) => new(this, unit, code);
    public MonthBuilder Month(BuiltUnit unit, DateOnly month) => new(this, unit, month);
    public LogEntryBuilder LogEntry(Employee about, BuiltUser writtenBy) => new(this, about, writtenBy);
    public EvaluationBuilder Evaluation(Employee of, BuiltUser evaluator, BuiltUser reviewer) => new(this, of, evaluator, reviewer);
    public InitiativeBuilder Initiative(string title, BuiltUser createdBy) => new(this, title, createdBy);

    /// <summary>Runs a step in a new scope of the app (its own DbContext, as one request has).</summary>
    internal async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> step)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await step(scope.ServiceProvider);
    }

    /// <summary>
    /// The person as the services see them, built the way a page or a job builds it (from the user id, with roles
    /// from role data). The one place builders turn a user into a viewer.
    /// </summary>
    internal static Task<Viewer> ViewerAsync(IServiceProvider services, BuiltUser user) =>
        services.GetRequiredService<Viewers>().ForUserAsync(user.Id);

    internal static async Task EnsureRoleAsync(IServiceProvider services, string role)
    {
        var roles = services.GetRequiredService<RoleManager<AppRole>>();
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new AppRole(role));
    }

    /// <summary>A builder asked for a state the app refuses: the test's arrangement is wrong, so say why.</summary>
    internal static int Must(Outcome outcome, string what) =>
        outcome.Succeeded ? outcome.Id ?? 0
            : throw new InvalidOperationException($"Building {what} failed: {outcome.Message} {string.Join("; ", outcome.Errors.Select(e => $"{e.Key}: {e.Value}"))}");

    internal static void Must(MonthResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Building {what} failed: {(result.NotFound ? "the unit or month is not there for this person (are they assigned to the unit?)" : result.Error)} {string.Join("; ", result.FieldErrors.Select(e => $"{e.Key}: {e.Value.Value} {e.Value.Explanation}"))}");
    }
}
