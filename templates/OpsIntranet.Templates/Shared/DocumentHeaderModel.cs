namespace OpsIntranet.Templates.Shared;

/// <summary>The top of a document: what it is, for what period, and the filters it was produced with.</summary>
public sealed record DocumentHeaderModel(string Title, string? Subtitle, string Period, DateTime GeneratedAtLocal, IReadOnlyList<(string Label, string Value)> Filters);
