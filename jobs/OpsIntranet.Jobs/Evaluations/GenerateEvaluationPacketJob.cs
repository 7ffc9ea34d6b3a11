using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations.Packets;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Templates.Documents.EvaluationPacket;

namespace OpsIntranet.Jobs.Evaluations;

/// <summary>
/// Renders and stores every copy of one packet version, from the snapshot on its history line. Enqueued in the
/// transaction of the approval or acknowledgement that made the version. Safe to run twice: a stored copy is
/// found, not stored again.
/// </summary>
public class GenerateEvaluationPacketJob(EvaluationPacketGenerator generator)
{
    // A render can fail for a passing reason (Chromium recycled, a timeout on a busy machine): retried a few times
    // with Hangfire's growing delays; each failure stays on its copy, and a download renders a missing copy anyway.
    [AutomaticRetry(Attempts = 5, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public Task ExecuteAsync(int evaluationId, int version, CancellationToken ct) => generator.GenerateVersionAsync(evaluationId, version, ct);
}

/// <summary>
/// Enqueues <see cref="GenerateEvaluationPacketJob"/> on the connection that saves the step, inside its ambient
/// transaction (as <see cref="Delivery.RunDispatcher"/> does): the job is written exactly when the version is.
/// </summary>
public class HangfirePacketJobs(TransactionalJobs jobs) : IPacketJobs
{
    public void Enqueue(int evaluationId, int version) =>
        jobs.Client().Enqueue<GenerateEvaluationPacketJob>(job => job.ExecuteAsync(evaluationId, version, CancellationToken.None));
}

public static class EvaluationPacketSetup
{
    /// <summary>The packet generator, its job, and the queue the evaluation workflow enqueues it through.</summary>
    public static IServiceCollection AddEvaluationPackets(this IServiceCollection services)
    {
        services.TryAddScoped<EvaluationPacketRenderer>();
        services.AddScoped<EvaluationPacketGenerator>();
        services.AddScoped<GenerateEvaluationPacketJob>();
        services.AddScoped<IPacketJobs, HangfirePacketJobs>();
        return services;
    }
}
