using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Reports.Subscriptions.Edit;

/// <summary>
/// Adds a report subscription (/reports/subscriptions/new) or edits one (/reports/subscriptions/{id}/edit), and deletes it
/// after a ticked confirmation. <see cref="SubscriptionService"/> decides who may and checks everything; the page shows its messages.
/// </summary>
public class IndexModel(SubscriptionService subscriptions) : RecordPage
{
    [BindProperty] public SubscriptionForm Input { get; set; } = new();
    public int? Id { get; private set; }
    public SubscriptionChoices Choices { get; private set; } = new([], [], [], false);
    public IReadOnlyList<Occurrence> NextRuns { get; private set; } = [];
    public string? OwnerName { get; private set; }

    public sealed class SubscriptionForm
    {
        public string? Name { get; set; }
        public string? ReportKind { get; set; }
        public List<int> UnitIds { get; set; } = [];
        public PeriodRule PeriodRule { get; set; }
        public ScheduleKind ScheduleKind { get; set; }
        public int? Day { get; set; } = 12;
        public int? BusinessDay { get; set; } = 2;
        public DayOfWeek? Weekday { get; set; } = DayOfWeek.Monday;
        public string? TimeOfDay { get; set; } = "08:00";
        public string? Cron { get; set; }
        public string TimeZone { get; set; } = SubscriptionSchedule.DefaultTimeZone;
        public string? Addresses { get; set; }
        public List<string> RecipientRoles { get; set; } = [];
        public List<int> LeadershipOfUnitIds { get; set; } = [];
        public string? Subject { get; set; }
        public string? Message { get; set; }
        public bool SkipWhenNoApprovedData { get; set; } = true;
        public uint Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, keepForm: false, ct)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        var posted = Input;
        if (!await LoadAsync(id, keepForm: true, ct)) return NotFound();
        Input = posted;
        var time = ParseTime(posted.TimeOfDay);
        var input = new SubscriptionInput
        {
            Name = posted.Name, ReportKind = posted.ReportKind, UnitIds = posted.UnitIds, PeriodRule = posted.PeriodRule, ScheduleKind = posted.ScheduleKind,
            Day = posted.ScheduleKind == ScheduleKind.MonthlyOnBusinessDay ? posted.BusinessDay : posted.Day, Weekday = posted.Weekday, TimeOfDay = time,
            Cron = posted.Cron, TimeZone = posted.TimeZone, Addresses = posted.Addresses, RecipientRoles = posted.RecipientRoles,
            LeadershipOfUnitIds = posted.LeadershipOfUnitIds, Subject = posted.Subject, Message = posted.Message, SkipWhenNoApprovedData = posted.SkipWhenNoApprovedData,
        };
        var outcome = await subscriptions.SaveAsync(await HttpContext.ViewerAsync(ct), id, posted.Version, input, ct);
        if (Handle(outcome, _ => "/reports/subscriptions", id is null ? "Subscription added; its recurring job is scheduled." : "Subscription saved; its schedule is updated.") is { } answer)
            return answer;
        var errors = new Dictionary<string, string>(Errors);
        // The business day is its own field on the form; the service calls both "Day".
        if (posted.ScheduleKind == ScheduleKind.MonthlyOnBusinessDay && errors.Remove("Day", out var dayError)) errors["BusinessDay"] = dayError;
        if (!string.IsNullOrWhiteSpace(posted.TimeOfDay) && time is null && posted.ScheduleKind != ScheduleKind.Cron)
            errors["TimeOfDay"] = $"\"{posted.TimeOfDay}\" is not a time; write it as 08:00 or 17:30.";
        Errors = errors;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await subscriptions.GetAsync(viewer, id, ct) is null) return NotFound();
        if (Request.Form["Confirm"] != "true")
        {
            await LoadAsync(id, keepForm: false, ct);
            Errors = new Dictionary<string, string> { ["Confirm"] = "Tick the box to confirm that this subscription should be deleted." };
            Error = "Nothing was deleted.";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var outcome = await subscriptions.DeleteAsync(viewer, id, PostedVersion(), ct);
        if (Handle(outcome, _ => "/reports/subscriptions", "Subscription deleted; it will not run again. Its past runs are kept.") is { } answer) return answer;
        var (errors, error) = (Errors, Error);
        await LoadAsync(id, keepForm: false, ct);
        (Errors, Error) = (errors, error);
        return Page();
    }

    /// <summary>The choices, and the saved subscription (into the form unless the posted one is being shown again); false for 404.</summary>
    private async Task<bool> LoadAsync(int? id, bool keepForm, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        Core.Subscriptions.ReportSubscription? s = null;
        if (id is not null && (s = await subscriptions.GetAsync(viewer, id.Value, ct)) is null) return false;
        // The subscription's own units stay offered (and saved) even if deactivated since; no new one is offered.
        if (await subscriptions.ChoicesAsync(viewer, s is null ? [] : [.. s.UnitIds, .. s.LeadershipOfUnitIds], ct) is not { } choices) return false;
        Choices = choices;
        if (s is null)
        {
            if (!keepForm)
                Input = new SubscriptionForm { ReportKind = choices.Kinds.FirstOrDefault(k => viewer.IsAdministrator || k.Units != UnitChoice.Department)?.Key };
            return true;
        }
        Id = s.Id;
        OwnerName = s.Owner?.DisplayName;
        NextRuns = await subscriptions.NextRunsAsync(s, 3, ct);
        if (!keepForm)
            Input = new SubscriptionForm
            {
                Name = s.Name, ReportKind = s.ReportKind, UnitIds = s.UnitIds, PeriodRule = s.PeriodRule, ScheduleKind = s.ScheduleKind,
                Day = s.ScheduleKind == ScheduleKind.MonthlyOnDay ? s.Day : 12, BusinessDay = s.ScheduleKind == ScheduleKind.MonthlyOnBusinessDay ? s.Day : 2,
                Weekday = s.Weekday ?? DayOfWeek.Monday, TimeOfDay = s.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture), Cron = s.Cron, TimeZone = s.TimeZone,
                Addresses = string.Join("\n", s.Addresses), RecipientRoles = s.RecipientRoles, LeadershipOfUnitIds = s.LeadershipOfUnitIds,
                Subject = s.Subject, Message = s.Message, SkipWhenNoApprovedData = s.SkipWhenNoApprovedData, Version = s.Version,
            };
        return true;
    }

    private static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
}
