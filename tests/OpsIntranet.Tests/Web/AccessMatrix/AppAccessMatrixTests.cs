using System.Reflection;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Razor.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OpsIntranet.Tests.Web.AccessMatrix;

/// <summary>
/// What every page and handler of the app answers to each role, written down as data. The list of
/// pages comes from the compiled app (every Razor page route, its GET handlers and its POST handlers),
/// so a new page or handler without a row here fails. Records are the demo department's, found by
/// name: the Utility Contact Center (Dana Reyes's unit, Maria Alvarez's scope, not James Whitfield's
/// or Omar Haddad's) and Dana's own personnel records. Posts carry a stale version and nothing else, so
/// an allowed post is refused for its content and a forbidden one before anything is looked at; the
/// test checks that no table changed.
/// </summary>
public class AppAccessMatrixTests(AppAccessMatrixTests.Fixture app, ITestOutputHelper output) : IClassFixture<AppAccessMatrixTests.Fixture>
{
    /// <summary>The roles, in the order of the columns of <see cref="Expected"/>.</summary>
    public enum Role { Anonymous, UccSupervisor, WalkInSupervisor, ManagerA, ManagerB, Leadership, Administrator }

    private static readonly Dictionary<Role, string> Emails = new()
    {
        [Role.UccSupervisor] = DemoUsers.UccSupervisor, [Role.WalkInSupervisor] = DemoUsers.WalkInSupervisor,
        [Role.ManagerA] = DemoUsers.ManagerA, [Role.ManagerB] = DemoUsers.ManagerB,
        [Role.Leadership] = DemoUsers.Leadership, [Role.Administrator] = DemoUsers.Administrator,
    };

    /// <summary>
    /// The expected status per request, one column per role in <see cref="Role"/> order:
    /// anonymous, UCC supervisor, Walk-In supervisor, manager A, manager B, leadership, administrator.
    /// "login" is the redirect to sign-in, 302 any other redirect (after a post, to the next page); 404 is "not yours", as the
    /// app answers anything out of scope; 409/422 are allowed posts refused for their (empty) content.
    /// </summary>
    private static readonly Dictionary<string, string> Expected = new()
    {
        //                                                             anon  UCC  WIU  mgrA mgrB lead admin
        ["GET /"] = "login 200 200 200 200 200 200",
        ["GET account/access-denied"] = "200 200 200 200 200 200 200",
        ["GET account/login"] = "200 200 200 200 200 200 200",
        ["GET account/logout"] = "200 302 302 302 302 302 302",
        ["GET admin/audit"] = "login 404 404 404 404 404 200",
        ["GET admin/holidays"] = "login 404 404 404 404 404 200",
        ["GET admin/competencies"] = "login 404 404 404 404 404 200",
        ["GET admin/deliveries"] = "login 404 404 404 404 404 200",
        ["GET admin/units"] = "login 404 404 404 404 404 200",
        ["GET admin/units/{unitId:int}"] = "login 404 404 404 404 404 200",
        ["GET admin/users"] = "login 404 404 404 404 404 200",
        ["GET admin/users/{userId:int}"] = "login 404 404 404 404 404 200",
        // Empty forms: a unit or an invitation without a name is refused next to its fields; a stale version is refused whole;
        // a handler without its record's id (deactivate, remove) finds nothing; Dana's account is neither locked nor invited.
        ["POST admin/units Create"] = "login 404 404 404 404 404 422",
        ["POST admin/units Deactivate"] = "login 404 404 404 404 404 404",
        ["POST admin/units Reactivate"] = "login 404 404 404 404 404 404",
        ["POST admin/units/{unitId:int}"] = "login 404 404 404 404 404 409",
        ["POST admin/units/{unitId:int} Assign"] = "login 404 404 404 404 404 422",
        ["POST admin/units/{unitId:int} Remove"] = "login 404 404 404 404 404 404",
        ["POST admin/users Invite"] = "login 404 404 404 404 404 422",
        ["POST admin/users/{userId:int}"] = "login 404 404 404 404 404 409",
        ["POST admin/users/{userId:int} Disable"] = "login 404 404 404 404 404 409",
        ["POST admin/users/{userId:int} Enable"] = "login 404 404 404 404 404 409",
        ["POST admin/users/{userId:int} Link"] = "login 404 404 404 404 404 409",
        ["POST admin/users/{userId:int} Resend"] = "login 404 404 404 404 404 409",
        ["POST admin/users/{userId:int} Unlock"] = "login 404 404 404 404 404 409",
        // Anyone, signed in or not, with an invitation's link; the matrix has none, so nothing is set.
        ["GET account/set-password"] = "400 400 400 400 400 400 400",
        ["POST account/set-password"] = "400 400 400 400 400 400 400",
        // Helper S: single sign-on. "Sign in with City account" and its return from the provider exist only when SingleSignOn:Authority
        // is set; the matrix's demo app has none, so both answer 404 to everyone (the sign-in itself: Web/Account/CitySignInTests).
        ["GET account/city-sign-in"] = "404 404 404 404 404 404 404",
        ["GET account/city-sign-in Done"] = "404 404 404 404 404 404 404",
        // Maria's subscription for the Utility Contact Center: hers and the administrator's; James keeps subscriptions too, not this one.
        ["GET reports/subscriptions"] = "login 404 404 200 200 404 200",
        ["GET reports/subscriptions/new"] = "login 404 404 200 200 404 200",
        ["GET reports/subscriptions/{id:int}/edit"] = "login 404 404 200 404 404 200",
        ["POST admin/holidays Add"] = "login 404 404 404 404 404 422",
        ["POST admin/holidays Remove"] = "login 404 404 404 404 404 404",
        ["POST reports/subscriptions Pause"] = "login 404 404 409 404 404 409",
        ["POST reports/subscriptions Resume"] = "login 404 404 409 404 404 409",
        ["POST reports/subscriptions/new"] = "login 404 404 422 422 404 422",
        ["POST reports/subscriptions/new Delete"] = "login 404 404 404 404 404 404",
        ["POST reports/subscriptions/{id:int}/edit"] = "login 404 404 409 404 404 409",
        // Without the ticked confirmation nothing is deleted.
        ["POST reports/subscriptions/{id:int}/edit Delete"] = "login 404 404 422 404 404 422",
        ["GET dashboard"] = "login 200 200 200 200 200 200",
        ["GET discipline/{actionId:int}/{handler?}"] = "login 404 404 200 404 404 200",
        ["GET documents/verify"] = "login 200 200 200 200 200 200",
        ["GET error/{code:int?}"] = "200 200 200 200 200 200 200",
        ["GET evaluations"] = "login 200 200 200 200 200 200",
        ["GET evaluations/cycles/new"] = "login 404 404 200 200 404 200",
        ["GET evaluations/cycles/{cycleId:int}"] = "login 404 404 200 404 200 200",
        ["GET evaluations/cycles/{cycleId:int} Status"] = "login 404 404 200 404 404 200",
        // The batch is Maria's: its starter alone sees, retries and downloads it (the administrator starts their own).
        ["GET evaluations/cycles/{cycleId:int} Zip"] = "login 404 404 200 404 404 404",
        ["GET evaluations/{id:int}/{handler?}"] = "login 200 404 200 404 200 200",
        // Dana's approved evaluation: her own copy, her manager's and the administrator's file copy, the reviewer's copy.
        ["GET evaluations/{id:int}/packets/{version:int}"] = "login 200 404 200 404 200 200",
        // Omar's draft, written by Maria: only its evaluator previews it (Omar may not read a draft; Patricia reviews once it is submitted).
        ["GET evaluations/{id:int}/preview/{handler?}"] = "login 404 404 200 404 404 404",
        ["GET evaluations/{id:int}/preview/{handler?} Pdf"] = "login 404 404 200 404 404 404",
        ["GET goals"] = "login 200 200 200 200 200 200",
        ["GET goals/{goalId:int}"] = "login 200 404 200 404 200 200",
        ["GET goals/{goalId:int}/edit"] = "login 404 404 200 404 404 404",
        ["GET initiatives"] = "login 200 200 200 200 200 200",
        ["GET initiatives/new"] = "login 404 404 200 200 404 200",
        ["GET initiatives/{id:int}/edit"] = "login 404 404 200 404 404 200",
        ["GET initiatives/{id:int}/{handler?}"] = "login 200 404 200 404 200 200",
        ["GET log/{entryId:int}/edit"] = "login 404 404 200 404 404 404",
        ["GET log/{entryId:int}/{handler?}"] = "login 404 404 200 404 404 200",
        ["GET months"] = "login 200 200 200 200 200 200",
        ["GET people"] = "login 404 404 200 200 404 200",
        ["GET people/me"] = "login 302 302 302 302 302 302",
        ["GET people/me/reminders"] = "login 200 200 200 200 200 200",
        ["GET people/new"] = "login 404 404 404 404 404 200",
        ["GET people/overview"] = "login 404 404 404 404 200 200",
        ["GET people/{id:int}"] = "login 200 404 200 404 404 200",
        ["GET people/{id:int}/discipline/new"] = "login 404 404 200 404 404 200",
        ["GET people/{id:int}/edit"] = "login 404 404 404 404 404 200",
        ["GET people/{id:int}/log/new"] = "login 404 404 200 404 404 200",
        ["GET projects"] = "login 200 200 200 200 200 200",
        ["GET projects/new"] = "login 404 404 200 200 404 200",
        ["GET projects/{id:int}/edit"] = "login 404 404 200 404 404 200",
        ["GET projects/{id:int}/{handler?}"] = "login 404 404 200 200 200 200",
        ["GET recommendations"] = "login 404 404 200 200 404 200",
        ["GET recommendations/new"] = "login 404 404 200 200 404 200",
        ["GET recommendations/{id:int}/{handler?}"] = "login 404 404 200 404 404 200",
        ["GET reports"] = "login 404 404 200 200 200 200",
        // The UCC's report: manager B's units do not include it, so the unit is refused next to the field.
        ["GET reports Pdf"] = "login 404 404 200 422 200 200",
        ["GET reports Preview"] = "login 404 404 200 422 200 200",
        // A unit scorecard of the UCC kept by its manager (Maria): hers and the administrator's; manager B's units do not include it.
        ["GET reports/subscriptions/{id:int}"] = "login 404 404 200 404 404 200",
        ["GET reports/subscriptions/{id:int} PreviewEmail"] = "login 404 404 200 404 404 200",
        ["GET reports/subscriptions/{id:int} PreviewPdf"] = "login 404 404 200 404 404 200",
        // A run of a UCC subscription kept by manager A: those who may keep the subscription, nobody else.
        ["GET reports/runs/{runId:int}"] = "login 404 404 200 404 404 200",
        ["GET reports/runs/{runId:int} Pdf"] = "login 404 404 200 404 404 200",
        ["GET review"] = "login 302 302 200 200 302 302",
        ["GET signals/dismiss"] = "login 404 404 200 404 404 200",
        ["GET units"] = "login 200 200 200 200 200 200",
        ["GET units/{id:int}/import/{handler?} Template"] = "login 200 404 200 404 404 404",
        ["GET units/{id:int}/import/{handler?}"] = "login 200 404 200 404 404 404",
        ["GET units/{id:int}/metrics/new"] = "login 404 404 200 404 404 200",
        ["GET units/{id:int}/metrics/{handler?}"] = "login 404 404 200 404 404 200",
        ["GET units/{id:int}/metrics/{metricId:int}/edit"] = "login 404 404 200 404 404 200",
        ["GET units/{id:int}/months/{month}/{handler?}"] = "login 200 404 200 404 200 200",
        ["GET units/{id:int}/{handler?} ExportCsv"] = "login 200 404 200 404 200 200",
        ["GET units/{id:int}/{handler?} ExportXlsx"] = "login 200 404 200 404 200 200",
        ["GET units/{id:int}/{handler?} Pdf"] = "login 200 404 200 404 200 200",
        ["GET units/{id:int}/{handler?}"] = "login 200 404 200 404 200 200",
        ["GET units/{unitId:int}/goals/new"] = "login 404 404 200 404 404 404",
        ["POST account/login"] = "200 200 200 200 200 200 200",
        ["POST account/logout"] = "302 302 302 302 302 302 302",
        ["POST admin/competencies"] = "login 404 404 404 404 404 409",
        // No delivery chosen: refused next to the field.
        ["POST admin/deliveries Resend"] = "login 404 404 404 404 404 422",
        ["POST discipline/{actionId:int}/{handler?} Administer"] = "login 404 404 409 404 404 409",
        ["POST discipline/{actionId:int}/{handler?} Approve"] = "login 404 404 409 404 404 409",
        ["POST discipline/{actionId:int}/{handler?} FileGrievance"] = "login 404 404 409 404 404 409",
        ["POST discipline/{actionId:int}/{handler?} ResolveGrievance"] = "login 404 404 409 404 404 409",
        ["POST discipline/{actionId:int}/{handler?} Withdraw"] = "login 404 404 409 404 404 409",
        ["POST documents/verify"] = "login 422 422 422 422 422 422",
        ["POST error/{code:int?}"] = "200 200 200 200 200 200 200",
        ["POST evaluations/cycles/new"] = "login 404 404 422 422 404 422",
        ["POST evaluations/cycles/{cycleId:int} Generate"] = "login 404 404 422 404 404 422",
        ["POST evaluations/cycles/{cycleId:int} RetryFailed"] = "login 404 404 409 404 404 404",
        ["POST evaluations/{id:int}/{handler?} Acknowledge"] = "login 409 404 409 404 409 409",
        ["POST evaluations/{id:int}/{handler?} Approve"] = "login 404 404 409 404 409 409",
        ["POST evaluations/{id:int}/{handler?} Close"] = "login 404 404 409 404 409 409",
        ["POST evaluations/{id:int}/{handler?} Reopen"] = "login 404 404 409 404 409 409",
        ["POST evaluations/{id:int}/{handler?} Return"] = "login 404 404 409 404 409 409",
        ["POST evaluations/{id:int}/{handler?} Save"] = "login 404 404 409 404 409 409",
        ["POST evaluations/{id:int}/{handler?} Submit"] = "login 404 404 409 404 409 409",
        ["POST goals/{goalId:int}"] = "login 422 404 422 404 404 404",
        ["POST goals/{goalId:int}/edit"] = "login 404 404 422 404 404 404",
        ["POST initiatives/new"] = "login 404 404 422 422 404 422",
        ["POST initiatives/{id:int}/edit"] = "login 409 404 409 404 409 409",
        ["POST initiatives/{id:int}/{handler?} AddAction"] = "login 409 404 422 404 409 422",
        ["POST initiatives/{id:int}/{handler?} AddUpdate"] = "login 422 404 422 404 409 422",
        ["POST initiatives/{id:int}/{handler?} CompleteAction"] = "login 404 404 404 404 404 404",
        ["POST initiatives/{id:int}/{handler?} Move"] = "login 409 404 409 404 409 409",
        ["POST log/{entryId:int}/edit"] = "login 404 404 409 404 404 404",
        ["POST log/{entryId:int}/{handler?} Addendum"] = "login 404 404 422 404 404 422",
        // Each person's own reminder settings: a post listing no reminders is refused for its content.
        ["POST people/me/reminders"] = "login 422 422 422 422 422 422",
        ["POST people/new"] = "login 404 404 404 404 404 422",
        ["POST people/{id:int}/discipline/new"] = "login 404 404 422 404 404 422",
        ["POST people/{id:int}/edit"] = "login 404 404 404 404 404 409",
        ["POST people/{id:int}/log/new"] = "login 404 404 422 404 404 422",
        ["POST projects/new"] = "login 404 404 422 422 404 422",
        ["POST projects/{id:int}/edit"] = "login 404 404 409 409 409 409",
        ["POST projects/{id:int}/{handler?} AddEntry"] = "login 404 404 422 409 409 422",
        ["POST projects/{id:int}/{handler?} AddMember"] = "login 404 404 422 409 409 422",
        ["POST projects/{id:int}/{handler?} Reach"] = "login 404 404 404 404 404 404",
        ["POST recommendations/new"] = "login 404 404 422 422 404 422",
        ["POST recommendations/{id:int}/{handler?} Approve"] = "login 404 404 409 404 404 409",
        ["POST recommendations/{id:int}/{handler?} Deny"] = "login 404 404 409 404 404 409",
        ["POST recommendations/{id:int}/{handler?} Withdraw"] = "login 404 404 409 404 404 409",
        ["POST reports/subscriptions/{id:int} SendNow"] = "login 404 404 409 404 404 409",
        ["POST reports/subscriptions/{id:int} SendToMe"] = "login 404 404 409 404 404 409",
        // No delivery chosen (422); nothing of the run has failed (409).
        ["POST reports/runs/{runId:int} Resend"] = "login 404 404 422 404 404 422",
        ["POST reports/runs/{runId:int} ResendAll"] = "login 404 404 409 404 404 409",
        ["POST signals/dismiss"] = "login 404 404 409 404 404 409",
        ["POST units/{id:int}/import/{handler?}"] = "login 422 404 422 404 404 404",
        ["POST units/{id:int}/metrics/new"] = "login 404 404 422 404 404 422",
        ["POST units/{id:int}/metrics/{handler?} Activate"] = "login 404 404 404 404 404 404",
        ["POST units/{id:int}/metrics/{handler?} Deactivate"] = "login 404 404 404 404 404 404",
        ["POST units/{id:int}/metrics/{handler?} Delete"] = "login 404 404 404 404 404 404",
        ["POST units/{id:int}/metrics/{handler?} Down"] = "login 404 404 404 404 404 404",
        ["POST units/{id:int}/metrics/{handler?} Up"] = "login 404 404 404 404 404 404",
        ["POST units/{id:int}/metrics/{metricId:int}/edit"] = "login 404 404 422 404 404 422",
        ["POST units/{id:int}/months/{month}/{handler?} Approve"] = "login 404 404 422 404 404 422",
        ["POST units/{id:int}/months/{month}/{handler?} Reopen"] = "login 404 404 422 404 404 404",
        ["POST units/{id:int}/months/{month}/{handler?} Return"] = "login 404 404 422 404 404 422",
        ["POST units/{id:int}/months/{month}/{handler?} Save"] = "login 422 404 422 404 404 404",
        ["POST units/{id:int}/months/{month}/{handler?} Submit"] = "login 422 404 422 404 404 404",
        ["POST units/{unitId:int}/goals/new"] = "login 404 404 422 404 404 404",
        // Storm operations: shifts and coverage (B). Hurricane Delia covers the UCC and the Walk-In: Dana, Omar and leadership read it,
        // Maria and the administrator change it, James's units are not in it (404). It is closed, and a closed event's shifts,
        // requirements and assignments are kept as they were: every change is refused whole (409) for its managers too; only its
        // hours and after-action review stay open after close (their own pages). Readers' posts are told who lays out shifts (409).
        ["GET storm/{eventId:int}/coverage"] = "login 200 200 200 404 200 200",
        ["GET storm/{eventId:int}/shifts"] = "login 200 200 200 404 200 200",
        ["POST storm/{eventId:int}/shifts Assign"] = "login 409 409 409 404 409 409",
        ["POST storm/{eventId:int}/shifts Edit"] = "login 409 409 409 404 409 409",
        ["POST storm/{eventId:int}/shifts Layout"] = "login 409 409 409 404 409 409",
        ["POST storm/{eventId:int}/shifts Require"] = "login 409 409 409 404 409 409",
        ["POST storm/{eventId:int}/shifts Unassign"] = "login 409 409 409 404 409 409",
        // Storm operations: events and roster (A). The demo's "Hurricane Delia" is closed and affects the Utility Contact Center and the Walk-In:
        // the people of those units and leadership read it, its manager (Maria) and the administrator change it, manager B does not see it.
        // Moves and level changes from readers are refused whole (409), as is the matrix's stale version; a closed event's edit page says so.
        // The roster is the UCC's: its supervisor reads it, its manager and the administrator keep it; a removal without a line finds nothing.
        ["GET storm"] = "login 200 200 200 200 200 200",
        ["GET storm/new"] = "login 404 404 200 200 404 200",
        ["POST storm/new"] = "login 404 404 422 422 404 422",
        ["GET storm/{eventId:int}"] = "login 200 200 200 404 200 200",
        ["POST storm/{eventId:int} Move"] = "login 409 409 409 404 409 409",
        ["POST storm/{eventId:int} Level"] = "login 409 409 409 404 409 409",
        ["GET storm/{eventId:int}/edit"] = "login 404 404 200 404 404 200",
        ["POST storm/{eventId:int}/edit"] = "login 404 404 409 404 404 409",
        ["GET storm/roster"] = "login 200 404 200 404 200 200",
        ["POST storm/roster Save"] = "login 404 404 422 404 404 422",
        ["POST storm/roster Remove"] = "login 404 404 404 404 404 404",
        // Storm operations: my shifts and shift reports (E). The demo's Hurricane Delia is closed (UCC + Walk-In): its readers see its
        // reports and nobody files or corrects one (409); James's units are not in it (404). Everyone has a "My storm shifts" page; a
        // shift of a closed event is not on it, so checking in for Dana's own Delia shift from it finds nothing.
        ["GET storm/my-shifts"] = "login 200 200 200 200 200 200",
        ["POST storm/my-shifts CheckIn"] = "login 404 404 404 404 404 404",
        ["GET storm/shifts/{shiftId:int}/units/{unitId:int}/report"] = "login 200 200 200 404 200 200",
        ["POST storm/shifts/{shiftId:int}/units/{unitId:int}/report"] = "login 409 409 409 404 409 409",
        ["GET storm/{eventId:int}/reports"] = "login 200 200 200 404 200 200",
        // Storm operations: hours and after-action review (C). Hurricane Delia (closed; UCC + Walk-In): its hours are payroll records, kept by
        // Maria and the administrator, read by leadership, 404 to the units' supervisors and to James. Recording finds nothing new (302, nothing
        // changes); the stale version is refused (409) and a reader's post too; no row chosen: 404; an empty row to add: 422.
        ["GET storm/{eventId:int}/hours"] = "login 404 404 200 404 200 200",
        ["GET storm/{eventId:int}/hours Csv"] = "login 404 404 200 404 200 200",
        ["GET storm/{eventId:int}/hours Pdf"] = "login 404 404 200 404 200 200",
        ["POST storm/{eventId:int}/hours Add"] = "login 404 404 422 404 409 422",
        ["POST storm/{eventId:int}/hours Correct"] = "login 404 404 404 404 404 404",
        ["POST storm/{eventId:int}/hours Delete"] = "login 404 404 404 404 404 404",
        ["POST storm/{eventId:int}/hours Record"] = "login 404 404 302 404 409 302",
        ["POST storm/{eventId:int}/hours SignOff"] = "login 404 404 409 404 409 409",
        // The review is operational: everyone of the units reads it; a stale save is refused (409), as is a reader's; no item chosen: 404.
        ["GET storm/{eventId:int}/after-action"] = "login 200 200 200 404 200 200",
        ["GET storm/{eventId:int}/after-action Pdf"] = "login 200 200 200 404 200 200",
        ["POST storm/{eventId:int}/after-action"] = "login 409 409 409 404 409 409",
        ["POST storm/{eventId:int}/after-action MakeInitiative"] = "login 404 404 404 404 404 404",
        // Storm operations: situation reports (D). Hurricane Delia is closed, on the UCC and the Walk-In: its readers (Dana, Omar,
        // leadership) see the page and the preview; Maria and the administrator may change it, but a closed event is neither
        // scheduled nor sent, so their posts are refused with the reason; James is out of scope.
        ["GET storm/{eventId:int}/sitreps"] = "login 200 200 200 404 200 200",
        ["GET storm/{eventId:int}/sitreps PreviewPdf"] = "login 200 200 200 404 200 200",
        ["POST storm/{eventId:int}/sitreps Save"] = "login 409 409 409 404 409 409",
        ["POST storm/{eventId:int}/sitreps SendNow"] = "login 409 409 409 404 409 409",
        ["POST storm/{eventId:int}/sitreps Resend"] = "login 409 409 409 404 409 409",
        // Anyone, signed in or not, with the link of an e-mail; the matrix's link is not a valid one, so nothing changes.
        ["GET unsubscribe"] = "400 400 400 400 400 400 400",
        ["POST unsubscribe"] = "400 400 400 400 400 400 400",
        // Helper D: the Hangfire job dashboard, an administrators' page like the others (no Razor page, found among the app's
        // endpoints). The matrix reads its recurring jobs and posts "Trigger now" with no job ticked, which Hangfire refuses (422).
        ["GET admin/jobs/{**path}"] = "login 404 404 404 404 404 200",
        ["POST admin/jobs/{**path}"] = "login 404 404 404 404 404 422",
    };

    public sealed class Fixture : DemoAppFixture
    {
        /// <summary>Route template → the address the matrix requests, with records found by name.</summary>
        public Dictionary<string, string> Urls { get; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var db = Factory.CreateDbContext();
            var ucc = await db.Units.Where(u => u.Name == "Utility Contact Center").Select(u => u.Id).SingleAsync();
            var abandonment = await db.MetricDefinitions.Where(m => m.UnitId == ucc && m.Name == "Abandonment rate").Select(m => m.Id).SingleAsync();
            var dana = await db.Employees.Where(e => e.FirstName == "Dana" && e.LastName == "Reyes").Select(e => e.Id).SingleAsync();
            var danaEvaluation = await db.Evaluations.Where(e => e.EmployeeId == dana).OrderByDescending(e => e.Id).Select(e => new { e.Id, e.CycleId }).FirstAsync();
            var omar = await db.Employees.Where(e => e.Email == DemoUsers.WalkInSupervisor).Select(e => e.Id).SingleAsync();
            var omarDraft = await db.Evaluations.Where(e => e.EmployeeId == omar && e.Status == OpsIntranet.Core.Evaluations.EvaluationStatus.Draft).Select(e => e.Id).SingleAsync();
            // The demo is loaded in one transaction, so its packets were not queued: rendered here, so a download reads and writes nothing.
            using (var scope = Factory.Services.CreateScope())
                await scope.ServiceProvider.GetRequiredService<OpsIntranet.Jobs.Evaluations.EvaluationPacketGenerator>().GenerateVersionAsync(danaEvaluation.Id, 1, CancellationToken.None);
            var recommendation = await db.Recommendations.Where(r => r.EmployeeId == dana).Select(r => r.Id).SingleAsync();
            var privateEntry = await db.PerformanceLog.Where(e => e.EmployeeId == dana && !e.SharedWithEmployee).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync();
            var goal = await db.UnitGoals.Where(g => g.UnitId == ucc && g.Statement == "Cross-train six agents on the billing-dispute queue").OrderByDescending(g => g.FiscalYear).Select(g => g.Id).FirstAsync();
            var initiative = await db.Initiatives.Where(i => i.Title == "Bring abandonment back under 5% at the Utility Contact Center").Select(i => i.Id).SingleAsync();
            var project = await db.SpecialProjects.Where(p => p.Name == "Customer information system replacement — steering committee").Select(p => p.Id).SingleAsync();

            // A disciplinary action and a log entry still inside its correction window, written by Dana's manager through the pages.
            var maria = await Factory.SignedInClientAsync(DemoUsers.ManagerA);
            var d = await maria.PostFormAsync($"/people/{dana}/discipline/new", ("Level", "DocumentedCounseling"), ("IncidentDate", "2026-11-02"),
                ("Policy", "Call monitoring policy"), ("Description", "Skipped two scheduled monitoring sessions."), ("SharedWithEmployee", "false"));
            var discipline = d.Headers.Location!.ToString().Split('/').Last();
            var l = await maria.PostFormAsync($"/people/{dana}/log/new", ("Type", "Observation"), ("Date", "2026-11-14"), ("Summary", "Floor walk"), ("SharedWithEmployee", "false"));
            var freshEntry = l.Headers.Location!.ToString().Split('/').Last();
            // The packets of Dana's cycle generated by her manager, so the status and the ZIP have a batch to answer with.
            var cyclePage = await maria.GetDocumentAsync($"/evaluations/cycles/{danaEvaluation.CycleId}");
            var generate = await maria.PostFormAsync($"/evaluations/cycles/{danaEvaluation.CycleId}?handler=Generate", cyclePage.QuerySelector("#generate-packets")!.Fields(("Scope", "all")));
            Assert.Equal(System.Net.HttpStatusCode.Redirect, generate.StatusCode);
            await Jobs.PacketBatchQueue.PerformAsync(Factory.Services, Factory.ConnectionString);

            // A subscription of the UCC's scorecard, as its manager would keep it.
            var uccSubscription = new OpsIntranet.Core.Subscriptions.ReportSubscription
            {
                Name = "UCC scorecard to leadership", ReportKind = OpsIntranet.Jobs.Subscriptions.UnitScorecardKind.KindKey, UnitIds = [ucc],
                Subject = "UCC scorecard", Addresses = ["leadership@cityutility.example"], CreatedAt = TestClock.Now, UpdatedAt = TestClock.Now,
                OwnerUserId = await db.Users.Where(u => u.Email == DemoUsers.ManagerA).Select(u => u.Id).SingleAsync(),
            };
            db.ReportSubscriptions.Add(uccSubscription);
            await db.SaveChangesAsync();
            // A subscription Maria keeps for the Utility Contact Center.
            int subscription;
            using (var scope = Factory.Services.CreateScope())
            {
                var mariaId = await db.Users.Where(u => u.Email == DemoUsers.ManagerA).Select(u => u.Id).SingleAsync();
                var viewer = await scope.ServiceProvider.GetRequiredService<OpsIntranet.Core.Access.Viewers>().ForUserAsync(mariaId);
                subscription = OpsIntranet.Tests.Infrastructure.Builders.TestData.Must(await scope.ServiceProvider.GetRequiredService<OpsIntranet.Jobs.Subscriptions.SubscriptionService>().SaveAsync(viewer, null, 0,
                    new OpsIntranet.Jobs.Subscriptions.SubscriptionInput
                    {
                        Name = "UCC improvement report", ReportKind = OpsIntranet.Jobs.Subscriptions.ImprovementReportKind.KindKey, UnitIds = [ucc], TimeOfDay = new TimeOnly(8, 0),
                        Day = 12, TimeZone = "America/New_York", Addresses = "pat.odum@cityutility.example", Subject = "UCC report",
                    }), "a subscription");
            }

            var month = DepartmentCalendar.MonthKey(TestClock.LastMonth);
            var run = await SubscriptionRunAsync(ucc, month);
            Urls["/"] = "/";
            Urls["dashboard"] = "/dashboard";
            Urls["units/{id:int}/metrics/new"] = $"/units/{ucc}/metrics/new";
            Urls["units/{unitId:int}/goals/new"] = $"/units/{ucc}/goals/new";
            Urls["account/login"] = "/account/login";
            Urls["account/logout"] = "/account/logout";
            Urls["account/access-denied"] = "/account/access-denied";
            Urls["error/{code:int?}"] = "/error/404";
            Urls["review"] = "/review";
            Urls["reports"] = $"/reports?Kind=Month&Month={month}&Units={ucc}";
            Urls["months"] = "/months";
            Urls["units"] = "/units";
            Urls["units/{id:int}/{handler?}"] = $"/units/{ucc}";
            Urls["units/{id:int}/import/{handler?}"] = $"/units/{ucc}/import";
            Urls["units/{id:int}/months/{month}/{handler?}"] = $"/units/{ucc}/months/{month}";
            Urls["units/{id:int}/metrics/{handler?}"] = $"/units/{ucc}/metrics";
            Urls["units/{id:int}/metrics/{metricId:int}/edit"] = $"/units/{ucc}/metrics/{abandonment}/edit";
            Urls["goals"] = "/goals";
            Urls["goals/{goalId:int}"] = $"/goals/{goal}";
            Urls["goals/{goalId:int}/edit"] = $"/goals/{goal}/edit";
            Urls["initiatives"] = "/initiatives";
            Urls["initiatives/new"] = "/initiatives/new";
            Urls["initiatives/{id:int}/{handler?}"] = $"/initiatives/{initiative}";
            Urls["initiatives/{id:int}/edit"] = $"/initiatives/{initiative}/edit";
            Urls["signals/dismiss"] = $"/signals/dismiss?metric={abandonment}&kind=ThreeMonthsWorse&month={month}";
            Urls["projects"] = "/projects";
            Urls["projects/new"] = "/projects/new";
            Urls["projects/{id:int}/{handler?}"] = $"/projects/{project}";
            Urls["projects/{id:int}/edit"] = $"/projects/{project}/edit";
            Urls["people"] = "/people";
            Urls["people/me"] = "/people/me";
            Urls["people/me/reminders"] = "/people/me/reminders";
            Urls["people/new"] = "/people/new";
            Urls["people/overview"] = "/people/overview";
            Urls["people/{id:int}"] = $"/people/{dana}";
            Urls["people/{id:int}/edit"] = $"/people/{dana}/edit";
            Urls["people/{id:int}/log/new"] = $"/people/{dana}/log/new";
            Urls["people/{id:int}/discipline/new"] = $"/people/{dana}/discipline/new";
            Urls["log/{entryId:int}/{handler?}"] = $"/log/{privateEntry}";
            Urls["log/{entryId:int}/edit"] = $"/log/{freshEntry}/edit";
            Urls["discipline/{actionId:int}/{handler?}"] = $"/discipline/{discipline}";
            Urls["recommendations"] = "/recommendations";
            Urls["recommendations/new"] = "/recommendations/new";
            Urls["recommendations/{id:int}/{handler?}"] = $"/recommendations/{recommendation}";
            Urls["evaluations"] = "/evaluations";
            Urls["evaluations/cycles/new"] = "/evaluations/cycles/new";
            Urls["evaluations/cycles/{cycleId:int}"] = $"/evaluations/cycles/{danaEvaluation.CycleId}";
            Urls["evaluations/{id:int}/{handler?}"] = $"/evaluations/{danaEvaluation.Id}";
            Urls["evaluations/{id:int}/packets/{version:int}"] = $"/evaluations/{danaEvaluation.Id}/packets/1";
            Urls["evaluations/{id:int}/preview/{handler?}"] = $"/evaluations/{omarDraft}/preview";
            Urls["documents/verify"] = "/documents/verify";
            Urls["admin/audit"] = "/admin/audit";
            Urls["admin/competencies"] = "/admin/competencies";
            Urls["reports/subscriptions/{id:int}"] = $"/reports/subscriptions/{uccSubscription.Id}";
            Urls["unsubscribe"] = "/unsubscribe?t=not-a-token-of-ours";
            Urls["admin/deliveries"] = "/admin/deliveries";
            Urls["reports/runs/{runId:int}"] = $"/reports/runs/{run}";
            Urls["admin/holidays"] = "/admin/holidays";
            Urls["admin/units"] = "/admin/units";
            Urls["admin/units/{unitId:int}"] = $"/admin/units/{ucc}";
            Urls["admin/users"] = "/admin/users";
            Urls["admin/users/{userId:int}"] = $"/admin/users/{await db.Users.Where(u => u.Email == DemoUsers.UccSupervisor).Select(u => u.Id).SingleAsync()}";
            // The demo storm (Hurricane Delia, closed), its first shift and one of its assignments, so the shift handlers reach a
            // real record; Dana's first assignment (she leads the UCC on it) for the check-in and the shift report.
            var storm = await db.StormEvents.Where(e => e.Name == OpsIntranet.Demo.DemoStorm.EventName).Select(e => e.Id).SingleAsync();
            var stormShift = await db.StormShifts.Where(x => x.EventId == storm).OrderBy(x => x.StartsAt).Select(x => x.Id).FirstAsync();
            var stormAssignment = await db.ShiftAssignments.Where(a => a.ShiftId == stormShift).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
            var danaShift = await db.ShiftAssignments.Where(a => a.Shift!.EventId == storm && a.Employee!.Email == DemoUsers.UccSupervisor)
                .OrderBy(a => a.Shift!.StartsAt).Select(a => new { a.Id, a.ShiftId, a.UnitId }).FirstAsync();
            Urls["storm"] = "/storm";
            Urls["storm/new"] = "/storm/new";
            Urls["storm/roster"] = $"/storm/roster?unit={ucc}";
            Urls["storm/my-shifts"] = $"/storm/my-shifts?assignmentId={danaShift.Id}";
            Urls["storm/{eventId:int}"] = $"/storm/{storm}";
            Urls["storm/{eventId:int}/edit"] = $"/storm/{storm}/edit";
            Urls["storm/{eventId:int}/shifts"] = $"/storm/{storm}/shifts?shiftId={stormShift}&assignmentId={stormAssignment}";
            Urls["storm/{eventId:int}/coverage"] = $"/storm/{storm}/coverage";
            Urls["storm/shifts/{shiftId:int}/units/{unitId:int}/report"] = $"/storm/shifts/{danaShift.ShiftId}/units/{danaShift.UnitId}/report";
            Urls["storm/{eventId:int}/reports"] = $"/storm/{storm}/reports";
            Urls["storm/{eventId:int}/hours"] = $"/storm/{storm}/hours";
            Urls["storm/{eventId:int}/after-action"] = $"/storm/{storm}/after-action";
            Urls["storm/{eventId:int}/sitreps"] = $"/storm/{storm}/sitreps";
            Urls["account/set-password"] = "/account/set-password";
            // Helper S: single sign-on (no provider in the demo app).
            Urls["account/city-sign-in"] = "/account/city-sign-in";
            Urls["reports/subscriptions"] = $"/reports/subscriptions?id={subscription}";
            Urls["reports/subscriptions/new"] = "/reports/subscriptions/new";
            Urls["reports/subscriptions/{id:int}/edit"] = $"/reports/subscriptions/{subscription}/edit";
            Urls["admin/jobs/{**path}"] = "/admin/jobs/recurring";
        }

        /// <summary>A run of a subscription on the UCC kept by manager A, with its document and one delivery, sent.</summary>
        private async Task<int> SubscriptionRunAsync(int ucc, string month)
        {
            await using var db = Factory.CreateDbContext();
            var maria = await db.Users.Where(u => u.Email == DemoUsers.ManagerA).Select(u => u.Id).SingleAsync();
            var subscription = new OpsIntranet.Core.Subscriptions.ReportSubscription
            {
                Name = "UCC scorecard to the floor", ReportKind = "unit-scorecard", UnitIds = [ucc], Subject = "UCC scorecard", OwnerUserId = maria,
                Addresses = ["floor@cityutility.example"], CreatedAt = TestClock.Now, UpdatedAt = TestClock.Now,
            };
            db.ReportSubscriptions.Add(subscription);
            await db.SaveChangesAsync();
            using var scope = Factory.Services.CreateScope();
            var ledger = scope.ServiceProvider.GetRequiredService<OpsIntranet.Core.Reports.DeliveryLedger>();
            var run = await ledger.EnsureRunAsync(new OpsIntranet.Core.Reports.RunKey("unit-scorecard", subscription.RunScope, month), TestClock.LastMonth,
                DepartmentCalendar.EndOfMonth(TestClock.LastMonth), null, CancellationToken.None);
            await db.ReportRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.SubscriptionId, subscription.Id));
            using var pdf = new MemoryStream("%PDF-1.4 matrix"u8.ToArray());
            var document = await scope.ServiceProvider.GetRequiredService<OpsIntranet.Core.Documents.DocumentStore>().SaveAsync(
                new OpsIntranet.Core.Documents.DocumentKey("unit-scorecard", new OpsIntranet.Core.Documents.DocumentSubject(OpsIntranet.Core.Documents.DocumentSubjects.ReportRun, run.Id), 1),
                "ucc-scorecard.pdf", "application/pdf", pdf, null);
            run = await ledger.AttachDocumentAsync(run.Id, document.Document.Id, "{}", CancellationToken.None);
            await ledger.AddDeliveriesAsync(run, ["floor@cityutility.example"], "matrix", CancellationToken.None);
            await db.ReportDeliveries.Where(d => d.ReportRunId == run.Id).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, OpsIntranet.Core.Reports.DeliveryStatus.Sent).SetProperty(d => d.Attempts, 1).SetProperty(d => d.SentAt, TestClock.Now));
            return run.Id;
        }
    }

    /// <summary>One request of the matrix: "GET route", "GET route Handler" or "POST route Handler" (empty handler: the page's own).</summary>
    private sealed record Endpoint(string Method, string Template, string Handler)
    {
        public string Key => $"{Method} {Template}{(Handler.Length > 0 ? " " + Handler : "")}";
    }

    /// <summary>Every page route with its GET and POST handlers, read from the compiled app.</summary>
    private List<Endpoint> DiscoverEndpoints()
    {
        var descriptors = app.Factory.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>().ToList();
        Assert.True(descriptors.Count > 30, $"Only {descriptors.Count} pages found.");
        var compiled = typeof(Program).Assembly.GetCustomAttributes<RazorCompiledItemAttribute>().ToList();
        var found = new List<Endpoint>();
        foreach (var d in descriptors)
        {
            var template = d.AttributeRouteInfo!.Template is { Length: > 0 } t ? t : "/";
            // The compiled page, and its model when it has one: handlers live on the model, or on the page itself.
            var pageType = compiled.Single(c => c.Identifier == d.RelativePath).Type;
            var modelType = pageType.GetProperty("Model")?.PropertyType is { } model && typeof(PageModel).IsAssignableFrom(model) ? model : pageType;
            var handlers = modelType.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
            foreach (var m in handlers)
            {
                foreach (var verb in new[] { "Get", "Post" })
                {
                    if (!m.Name.StartsWith("On" + verb, StringComparison.Ordinal)) continue;
                    var name = m.Name[("On" + verb).Length..];
                    if (name.EndsWith("Async", StringComparison.Ordinal)) name = name[..^"Async".Length];
                    found.Add(new Endpoint(verb.ToUpperInvariant(), template, name));
                }
            }
            Assert.DoesNotContain(handlers, m => m.Name.StartsWith("OnPut", StringComparison.Ordinal) || m.Name.StartsWith("OnDelete", StringComparison.Ordinal) || m.Name.StartsWith("OnPatch", StringComparison.Ordinal));
            // A page without an OnGet still answers GET.
            if (!found.Any(e => e.Template == template && e.Method == "GET")) found.Add(new Endpoint("GET", template, ""));
        }
        // The job dashboard answers any method on every path under it; the matrix reads (GET) and acts (POST "Trigger now").
        var dashboard = app.Factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints.OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(OpsIntranet.Web.Infrastructure.WebSetup.JobsDashboardPath + "/", StringComparison.Ordinal) == true).ToList();
        Assert.Single(dashboard);
        found.Add(new Endpoint("GET", dashboard[0].RoutePattern.RawText!.TrimStart('/'), ""));
        found.Add(new Endpoint("POST", dashboard[0].RoutePattern.RawText!.TrimStart('/'), ""));
        // Signing out ends the session the rest of the requests use, so it goes last.
        return found.Distinct().OrderBy(e => e.Key == "POST account/logout" ? 1 : 0).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void EveryPageAndHandler_HasARowAndAnAddress()
    {
        var endpoints = DiscoverEndpoints();
        var missing = endpoints.Where(e => !Expected.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        Assert.True(missing.Count == 0, "No row in the access matrix for: " + string.Join(", ", missing));
        var stale = Expected.Keys.Where(k => endpoints.All(e => e.Key != k)).ToList();
        Assert.True(stale.Count == 0, "Rows for pages or handlers that no longer exist: " + string.Join(", ", stale));
        var noAddress = endpoints.Select(e => e.Template).Distinct().Where(t => !app.Urls.ContainsKey(t)).ToList();
        Assert.True(noAddress.Count == 0, "No address to request for: " + string.Join(", ", noAddress));
        Assert.All(Expected, row => Assert.Equal(Enum.GetValues<Role>().Length, row.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
    }

    [Fact]
    public async Task EveryPageAndHandler_AnswersEachRoleAsTheMatrixSays()
    {
        var endpoints = DiscoverEndpoints();
        var before = await TablesAsync();
        var actual = endpoints.ToDictionary(e => e.Key, _ => new string[Enum.GetValues<Role>().Length]);
        foreach (var role in Enum.GetValues<Role>())
        {
            var client = app.Factory.CreateBrowserLikeClient();
            if (role != Role.Anonymous) client = await app.Factory.SignedInClientAsync(Emails[role]);
            // Anonymous posts carry a real token too (from the sign-in form), so what answers is the access rule, not antiforgery.
            var token = role == Role.Anonymous
                ? (await client.GetDocumentAsync("/account/login")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!
                : await client.TokenAsync();
            foreach (var e in endpoints)
            {
                var url = app.Urls[e.Template];
                if (e.Handler.Length > 0) url += (url.Contains('?') ? "&" : "?") + "handler=" + e.Handler;
                if (e.Method == "POST" && e.Template.StartsWith("admin/jobs/", StringComparison.Ordinal)) url += "/trigger";
                var response = e.Method == "GET"
                    ? await client.GetAsync(url)
                    : await client.PostFormAsync(url, [new("Version", "0")], token);
                actual[e.Key][(int)role] = Outcome(response);
            }
        }
        var failures = new List<string>();
        var lines = new List<string>();
        foreach (var e in endpoints)
        {
            var got = string.Join(' ', actual[e.Key]);
            lines.Add($"        [\"{e.Key}\"] = \"{got}\",");
            if (!Expected.TryGetValue(e.Key, out var want)) failures.Add($"{e.Key}: no row (answered {got})");
            else if (string.Join(' ', want.Split(' ', StringSplitOptions.RemoveEmptyEntries)) != got) failures.Add($"{e.Key}: {got}, expected {want}");
        }
        var table = string.Join("\n", lines);
        output.WriteLine($"{endpoints.Count} requests × {Enum.GetValues<Role>().Length} roles. As answered:\n{table}");
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n\nAs answered:\n" + table);
        var after = await TablesAsync();
        var changed = before.Keys.Where(t => before[t] != after[t]).ToList();
        Assert.True(changed.Count == 0, "Refused requests changed tables: " + string.Join(", ", changed));
    }

    /// <summary>The status code, with a redirect to the sign-in page written "login" so it cannot pass for any other redirect.</summary>
    private static string Outcome(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        if (code == 302 && response.Headers.Location is { } to && to.ToString().Contains("/account/login", StringComparison.OrdinalIgnoreCase)) return "login";
        return code.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A fingerprint of every table but the audit trail (reads are audited, as they should be) and the
    /// sign-in bookkeeping, so a post that should have been refused cannot have changed anything unseen.
    /// </summary>
    private async Task<Dictionary<string, string>> TablesAsync()
    {
        await using var connection = new NpgsqlConnection(app.Factory.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var fingerprints = new Dictionary<string, string>();
        foreach (var table in tables.Where(t => !Unwatched.Contains(t)))
        {
            var sql = $"SELECT coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM \"{table}\" t";
            await using var hash = new NpgsqlCommand(sql, connection);
            fingerprints[table] = (string)(await hash.ExecuteScalarAsync())!;
        }
        return fingerprints;
    }

    private static readonly HashSet<string> Unwatched = ["audit_entries"];
}
