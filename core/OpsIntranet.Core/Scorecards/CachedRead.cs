namespace OpsIntranet.Core.Scorecards;

/// <summary>
/// A read kept in <see cref="ScorecardCache"/>, declared with the entities (tables) its result is
/// computed from. The cache serves a result only while the data version is the same, and triggers move
/// that version when one of these tables changes; a test writes to every declared table and checks that
/// the version moves, and checks that the read's SQL touches no table left out of the declaration.
/// </summary>
public sealed class CachedRead(string name, params Type[] dependsOn)
{
    public string Name { get; } = name;

    /// <summary>Entity types whose tables the result depends on.</summary>
    public IReadOnlyList<Type> DependsOn { get; } = dependsOn;
}
