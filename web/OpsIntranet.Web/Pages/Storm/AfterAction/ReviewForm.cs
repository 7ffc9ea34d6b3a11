using OpsIntranet.Core.Storm;

namespace OpsIntranet.Web.Pages.Storm.AfterAction;

/// <summary>One improvement item as posted: its id when saved before, what it is, its owner, and whether to take it off.</summary>
public sealed class ItemRow
{
    public int? Id { get; set; }
    public string? Description { get; set; }
    public int? OwnerEmployeeId { get; set; }
    public bool Remove { get; set; }

    /// <summary>A spare row left as it was offered: nothing typed, nothing chosen, never saved.</summary>
    public bool IsBlank => Id is null && string.IsNullOrWhiteSpace(Description) && OwnerEmployeeId is null;
}

/// <summary>
/// The items the form posted, turned into what <see cref="AfterActionService.SaveAsync"/> takes: spare rows left blank
/// and rows ticked "remove" are left out, and the service's messages (keyed by the position in what it was given) are
/// put back on the rows the person typed them in.
/// </summary>
public static class ReviewForm
{
    public static (List<AfterActionItemInput> Items, List<int> PostedIndex) Items(IReadOnlyList<ItemRow> rows)
    {
        var items = new List<AfterActionItemInput>();
        var index = new List<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].IsBlank || rows[i].Remove) continue;
            items.Add(new AfterActionItemInput(rows[i].Id, rows[i].Description, rows[i].OwnerEmployeeId));
            index.Add(i);
        }
        return (items, index);
    }

    public static Dictionary<string, string> ErrorsOnRows(IReadOnlyDictionary<string, string> errors, List<int> postedIndex)
    {
        var mapped = new Dictionary<string, string>();
        foreach (var (key, message) in errors)
        {
            var target = key;
            if (key.StartsWith("Items[", StringComparison.Ordinal) && key.IndexOf(']', StringComparison.Ordinal) is var close and > 6
                && int.TryParse(key.AsSpan(6, close - 6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sent) && sent < postedIndex.Count)
                target = $"Items[{postedIndex[sent]}]{key[(close + 1)..]}";
            mapped[target] = message;
        }
        return mapped;
    }
}
