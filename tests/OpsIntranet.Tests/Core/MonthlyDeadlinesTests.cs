using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Tests.Core;

public class MonthlyDeadlinesTests
{
    [Fact]
    public void DueDate_IsTheConfiguredDayOfTheNextMonth()
    {
        Assert.Equal(new DateOnly(2026, 11, 10), MonthlyDeadlines.DueDate(new DateOnly(2026, 10, 1), 10));
        Assert.Equal(new DateOnly(2027, 1, 10), MonthlyDeadlines.DueDate(new DateOnly(2026, 12, 1), 10));
        Assert.Equal(new DateOnly(2027, 2, 28), MonthlyDeadlines.DueDate(new DateOnly(2027, 1, 1), 31));
    }

    [Theory]
    [InlineData(null, 2026, 11, 10, false)]                        // on the due date: not late yet
    [InlineData(null, 2026, 11, 11, true)]
    [InlineData(SubmissionStatus.Draft, 2026, 11, 11, true)]
    [InlineData(SubmissionStatus.Returned, 2026, 11, 11, true)]
    [InlineData(SubmissionStatus.Submitted, 2026, 11, 20, false)]  // with the manager now
    [InlineData(SubmissionStatus.Approved, 2026, 11, 20, false)]
    public void IsLate_OnlyWhileTheMonthIsWithTheSupervisorPastItsDueDate(SubmissionStatus? status, int y, int m, int d, bool late) =>
        Assert.Equal(late, MonthlyDeadlines.IsLate(status, new DateOnly(2026, 10, 1), new DateOnly(y, m, d), 10));

    [Theory]
    [InlineData(SubmissionStatus.Returned, "2026-11-11T04:59:00Z", false)] // first sent 23:59 Eastern on the due day: a correction is not late
    [InlineData(SubmissionStatus.Draft, "2026-11-02T14:00:00Z", false)]    // sent on the 2nd, reopened, saved as a draft
    [InlineData(SubmissionStatus.Returned, "2026-11-11T05:00:00Z", true)]  // first sent just after midnight Eastern: late all along
    [InlineData(SubmissionStatus.Returned, null, true)]                    // no submission on record: past due is late
    public void IsLate_JudgesAReturnedOrReopenedMonthByItsFirstSubmission(SubmissionStatus status, string? firstSubmitted, bool late) =>
        Assert.Equal(late, MonthlyDeadlines.IsLate(status, new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31), 10,
            firstSubmitted is null ? null : DateTimeOffset.Parse(firstSubmitted, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void IsOpenForEntry_OnlyOnceTheMonthHasEnded()
    {
        Assert.True(MonthlyDeadlines.IsOpenForEntry(new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1)));
        Assert.False(MonthlyDeadlines.IsOpenForEntry(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)));
        Assert.False(MonthlyDeadlines.IsOpenForEntry(new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 30)));
    }
}
