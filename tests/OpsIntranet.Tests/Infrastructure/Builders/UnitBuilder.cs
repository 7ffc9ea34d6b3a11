using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Units;

namespace OpsIntranet.Tests.Infrastructure.Builders;

public sealed record BuiltUnit(int Id, string Code, string Name);

/// <summary>A unit of the department (units have no service of their own; the app reads them as stored).</summary>
public sealed class UnitBuilder(TestData data, string code)
{
    private string _name = $"Unit {code}";
    private bool _active = true;

    public UnitBuilder Named(string name) { _name = name; return this; }
    public UnitBuilder Inactive() { _active = false; return this; }

    public Task<BuiltUnit> BuildAsync() => data.InScopeAsync(async services =>
    {
        var db = services.GetRequiredService<AppDbContext>();
        var order = await db.Units.MaxAsync(u => (int?)u.SortOrder) ?? 0;
        var unit = new Unit { Code = code, Name = _name, SortOrder = order + 1, IsActive = _active };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return new BuiltUnit(unit.Id, unit.Code, unit.Name);
    });
}
