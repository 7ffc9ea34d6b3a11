using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Tests.Infrastructure;

/// <summary>Records the SQL the app sends, so a test can tell a kept page (none of its own queries) from a computed one.</summary>
public sealed class SqlLog : DbCommandInterceptor
{
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>Awaited before each query is sent: a test holds a query back until other requests have reached a point.</summary>
    public Func<string, Task>? Hold { get; set; }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Commands.Enqueue(command.CommandText);
        if (Hold is { } hold) await hold(command.CommandText);
        return await base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Commands.Enqueue(command.CommandText);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }
}

/// <summary>An app instance whose database commands go through a <see cref="SqlLog"/> (the page-cache tests' node).</summary>
public sealed class NodeWithSqlLog(string cs, SqlLog log, TimeProvider? clock = null) : OpsWebFactory(cs, clock: clock)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(log)));
    }
}
