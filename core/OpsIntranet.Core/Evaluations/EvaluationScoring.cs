namespace OpsIntranet.Core.Evaluations;

/// <summary>The rating scale and the overall score: the weighted average of the ratings, rounded to two decimals.</summary>
public static class EvaluationScoring
{
    public const int MinRating = 1;
    public const int MaxRating = 5;

    public static string RatingLabel(int rating) => rating switch
    {
        1 => "Unsatisfactory",
        2 => "Needs improvement",
        3 => "Meets expectations",
        4 => "Exceeds expectations",
        5 => "Exceptional",
        _ => throw new ArgumentOutOfRangeException(nameof(rating), rating, "Ratings run from 1 to 5."),
    };

    /// <summary>Null until every competency with weight is rated: a partial score would mislead.</summary>
    public static decimal? Overall(IEnumerable<(int Weight, int? Rating)> ratings)
    {
        var list = ratings.Where(r => r.Weight > 0).ToList();
        if (list.Count == 0 || list.Any(r => r.Rating is null)) return null;
        var total = list.Sum(r => r.Weight);
        var weighted = list.Sum(r => (decimal)r.Weight * r.Rating!.Value);
        return Math.Round(weighted / total, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>The label of an overall score: each band is centred on a rating (3.50 and up exceeds expectations, and so on).</summary>
    public static string OverallLabel(decimal score) => score switch
    {
        >= 4.50m => RatingLabel(5),
        >= 3.50m => RatingLabel(4),
        >= 2.50m => RatingLabel(3),
        >= 1.50m => RatingLabel(2),
        _ => RatingLabel(1),
    };
}
