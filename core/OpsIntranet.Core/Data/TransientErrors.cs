using Npgsql;

namespace OpsIntranet.Core.Data;

/// <summary>
/// Database errors that may go away by themselves (the connection broke, the server is restarting or
/// failing over), wherever they are wrapped: EF Core puts Npgsql's error inside an
/// InvalidOperationException ("likely due to a transient failure"), a DbUpdateException, or a
/// RetryLimitExceededException when a retrying execution strategy gives up.
/// </summary>
public static class TransientErrors
{
    public static bool IsTransient(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate) return aggregate.InnerExceptions.Any(IsTransient);
            // What EF Core's Npgsql execution strategy retries on.
            if (e is NpgsqlException { IsTransient: true } or TimeoutException) return true;
            // A restarting server ends its sessions with these, which Npgsql does not count as transient.
            if (e is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown }) return true;
        }
        return false;
    }
}
