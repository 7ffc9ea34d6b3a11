using OpsIntranet.Core.Evaluations;

namespace OpsIntranet.Tests.Core;

public class EvaluationScoringTests
{
    // The department's default weights, in catalog order: 10, 10, 15, 10, 15, 10, 10, 5, 10, 5.
    private static readonly int[] Weights = [10, 10, 15, 10, 15, 10, 10, 5, 10, 5];

    [Theory]
    // 40+30+75+40+45+40+30+15+40+10 = 365 → 3.65
    [InlineData(new[] { 4, 3, 5, 4, 3, 4, 3, 3, 4, 2 }, "3.65", "Exceeds expectations")]
    // every competency at 3 → exactly 3.00
    [InlineData(new[] { 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 }, "3.00", "Meets expectations")]
    // 10+10+15+10+15+10+10+5+10+5 = 100 → 1.00
    [InlineData(new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, "1.00", "Unsatisfactory")]
    // 50+50+75+50+75+50+50+25+50+20 = 495 → 4.95
    [InlineData(new[] { 5, 5, 5, 5, 5, 5, 5, 5, 5, 4 }, "4.95", "Exceptional")]
    // 20+20+30+20+30+20+20+10+20+15 = 205 → 2.05
    [InlineData(new[] { 2, 2, 2, 2, 2, 2, 2, 2, 2, 3 }, "2.05", "Needs improvement")]
    // boundary: 30+30+45+30+60+40+40+20+40+15 = 350 → 3.50 is the first "exceeds"
    [InlineData(new[] { 3, 3, 3, 3, 4, 4, 4, 4, 4, 3 }, "3.50", "Exceeds expectations")]
    public void Overall_IsTheWeightedAverage_WithItsBand(int[] ratings, string expected, string label)
    {
        var score = EvaluationScoring.Overall(Weights.Zip(ratings, (w, r) => (w, (int?)r)));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), score);
        Assert.Equal(label, EvaluationScoring.OverallLabel(score!.Value));
    }

    [Fact]
    public void Overall_RoundsHalfAwayFromZero_OverUnevenWeights()
    {
        // (4×1 + 5×2) / 3 = 14/3 = 4.666… → 4.67; (2×1 + 3×1 + 3×1)/3 = 2.666… → 2.67
        Assert.Equal(4.67m, EvaluationScoring.Overall([(1, 4), (2, 5)]));
        Assert.Equal(2.67m, EvaluationScoring.Overall([(1, 2), (1, 3), (1, 3)]));
        // (1×1 + 2×1)/2 = 1.5 exactly; and 1.5 is the lower edge of "needs improvement"
        Assert.Equal(1.5m, EvaluationScoring.Overall([(1, 1), (1, 2)]));
        Assert.Equal("Needs improvement", EvaluationScoring.OverallLabel(1.5m));
        Assert.Equal("Unsatisfactory", EvaluationScoring.OverallLabel(1.49m));
    }

    [Fact]
    public void Overall_IsNull_UntilEveryWeightedCompetencyIsRated()
    {
        Assert.Null(EvaluationScoring.Overall([(50, 4), (50, null)]));
        Assert.Null(EvaluationScoring.Overall([]));
        // A competency weighted 0 does not count, rated or not.
        Assert.Equal(4m, EvaluationScoring.Overall([(100, 4), (0, null)]));
    }

    [Fact]
    public void RatingLabels_FollowTheBriefsScale()
    {
        Assert.Equal(["Unsatisfactory", "Needs improvement", "Meets expectations", "Exceeds expectations", "Exceptional"],
            Enumerable.Range(1, 5).Select(EvaluationScoring.RatingLabel));
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationScoring.RatingLabel(6));
    }
}
