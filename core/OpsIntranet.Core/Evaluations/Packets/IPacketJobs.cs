namespace OpsIntranet.Core.Evaluations.Packets;

/// <summary>
/// Queues the background rendering of a packet version. Core knows no job library: the job host implements
/// this (with Hangfire), and <see cref="EvaluationService"/> calls it inside the ambient transaction in which
/// the step and its packet version are saved, on the connection that saves them, so the job exists exactly
/// when the version does.
/// </summary>
public interface IPacketJobs
{
    void Enqueue(int evaluationId, int version);
}
