using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Common;

/// <summary>
/// A create form that was sent: its one-time token (a hidden field every form carries), claimed in
/// the transaction that saves the record. The unique token is what makes a double click, a resent
/// page or two identical posts at once save one record: the second finds the claim and is answered
/// with the record the first saved.
/// </summary>
public class FormSubmission
{
    public Guid Token { get; set; }
    public int UserId { get; set; }
    /// <summary>What the form creates, e.g. "LogEntry"; a token is good for one kind only.</summary>
    public required string Kind { get; set; }
    /// <summary>The record the form saved (for forms that add to a record, that record).</summary>
    public int? RecordId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A posted form's one-time token, with who sent it and when.</summary>
public sealed record SentForm(Guid Token, int UserId, DateTimeOffset At);

public static class FormSubmissions
{
    /// <summary>The name of the hidden field that carries the token.</summary>
    public const string FieldName = "__FormToken";

    /// <summary>Claims are kept this long; a form left open longer is treated as new.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(90);

    public const string AlreadySent = "This form had already been sent; this is what it saved.";

    public static Task<Outcome> OnceAsync(this AppDbContext db, string kind, Func<Task<Outcome>> create, CancellationToken ct) =>
        db.OnceAsync(kind, create, o => o.Succeeded ? o.Id : null,
            id => new Outcome(OutcomeKind.Ok, id, new Dictionary<string, string>(), AlreadySent),
            () => Outcome.Conflict("This form was already used for something else; reload the page and fill it in again."), ct);

    /// <summary>
    /// Runs a create once per form token (<see cref="AppDbContext.SentForm"/>; without one, simply runs
    /// it). The claim is inserted first, so an identical post arriving at the same time waits for this
    /// one's transaction and then finds the claim; a create that fails (bad fields, not found) rolls the
    /// claim back with everything else, so the corrected form can be sent again.
    /// </summary>
    public static async Task<T> OnceAsync<T>(this AppDbContext db, string kind, Func<Task<T>> create,
        Func<T, int?> createdId, Func<int, T> alreadyCreated, Func<T> otherUse, CancellationToken ct)
    {
        if (db.SentForm is not { } form || db.Database.CurrentTransaction is not null) return await create();
        var (token, userId, now) = (form.Token, form.UserId, form.At);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO form_submissions (token, user_id, kind, created_at) VALUES ({token}, {userId}, {kind}, {now}) ON CONFLICT (token) DO NOTHING", ct);
        if (claimed == 0)
        {
            var prior = await db.FormSubmissions.AsNoTracking().SingleAsync(s => s.Token == token, ct);
            await tx.RollbackAsync(CancellationToken.None);
            return prior.UserId == userId && prior.Kind == kind && prior.RecordId is { } id ? alreadyCreated(id) : otherUse();
        }
        T result;
        try
        {
            result = await create();
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
        if (createdId(result) is not { } recordId)
        {
            await tx.RollbackAsync(CancellationToken.None);
            // Whatever the failed attempt added must not be saved by a later SaveChanges in the same request.
            db.ChangeTracker.Clear();
            return result;
        }
        await db.Database.ExecuteSqlAsync($"UPDATE form_submissions SET record_id = {recordId} WHERE token = {token}", ct);
        var expired = now - KeptFor;
        await db.Database.ExecuteSqlAsync($"DELETE FROM form_submissions WHERE created_at < {expired}", ct);
        await tx.CommitAsync(ct);
        return result;
    }
    /// <summary>
    /// Claims the form's one-time token in the caller's transaction — one that also holds Hangfire's rows, where
    /// <see cref="OnceAsync{T}"/>'s own transaction cannot be used. Null: this is the form's first sending (the caller
    /// then saves, and names what it saved with <see cref="RecordFormAsync"/>). Otherwise the answer to a repeat of the
    /// form (<paramref name="alreadySent"/>, with the record it saved) or to a token used for something else.
    /// </summary>
    public static async Task<Outcome?> ClaimFormAsync(this AppDbContext db, string kind, CancellationToken ct, string alreadySent = AlreadySent)
    {
        if (db.SentForm is not { } form) return null;
        var claimed = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO form_submissions (token, user_id, kind, created_at) VALUES ({form.Token}, {form.UserId}, {kind}, {form.At}) ON CONFLICT (token) DO NOTHING", ct);
        if (claimed == 1) return null;
        var prior = await db.FormSubmissions.AsNoTracking().SingleAsync(s => s.Token == form.Token, ct);
        return prior.UserId == form.UserId && prior.Kind == kind && prior.RecordId is { } id
            ? new Outcome(OutcomeKind.Ok, id, new Dictionary<string, string>(), alreadySent)
            : Outcome.Conflict("This form was already used for something else; reload the page and fill it in again.");
    }

    /// <summary>Names the record the form claimed by <see cref="ClaimFormAsync"/> saved, so a repeat of the form is answered with it.</summary>
    public static async Task RecordFormAsync(this AppDbContext db, int recordId, CancellationToken ct)
    {
        if (db.SentForm is { } form)
            await db.Database.ExecuteSqlAsync($"UPDATE form_submissions SET record_id = {recordId} WHERE token = {form.Token}", ct);
    }
}

/// <summary>The kinds of record a form creates, as claimed in <see cref="FormSubmission.Kind"/>.</summary>
public static class FormKinds
{
    public const string LogEntry = nameof(LogEntry);
    public const string LogAddendum = nameof(LogAddendum);
    public const string Discipline = nameof(Discipline);
    public const string Recommendation = nameof(Recommendation);
    public const string EvaluationCycle = nameof(EvaluationCycle);
    public const string Goal = nameof(Goal);
    public const string GoalUpdate = nameof(GoalUpdate);
    public const string Initiative = nameof(Initiative);
    public const string InitiativeAction = nameof(InitiativeAction);
    public const string InitiativeUpdate = nameof(InitiativeUpdate);
    public const string Project = nameof(Project);
    public const string ProjectMember = nameof(ProjectMember);
    public const string ProjectEntry = nameof(ProjectEntry);
    public const string Employee = nameof(Employee);
    public const string Metric = nameof(Metric);
    public const string Competencies = nameof(Competencies);
    public const string Subscription = nameof(Subscription);
    public const string Unit = nameof(Unit);
    public const string Invitation = nameof(Invitation);
}
