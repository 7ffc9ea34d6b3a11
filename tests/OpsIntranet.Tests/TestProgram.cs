using Microsoft.Extensions.Hosting;
using OpsIntranet.Tests.Jobs;

namespace OpsIntranet.Tests;

/// <summary>
/// The test assembly's entry point, used only when a test starts this assembly as a process of its
/// own: "job-node &lt;connection string&gt; &lt;started file&gt;" runs a job server that a test then kills, and
/// "delivery-node &lt;connection string&gt; &lt;SMTP port&gt;" a worker-like node that sends deliveries, killed mid-run.
/// The test runner does not call it.
/// </summary>
public static class TestProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [KilledWorkerTests.NodeCommand, var connectionString, var startedFile])
        {
            using var node = KilledWorkerTests.Node(connectionString, new KilledWorkerTests.BlockUntilKilled(startedFile));
            await node.RunAsync();
            return 0;
        }
        if (args is [KilledWorkerTests.DeliveryNodeCommand, var deliveryConnectionString, var smtpPort])
        {
            using var node = Jobs.Delivery.DeliveryDrill.Node(deliveryConnectionString, int.Parse(smtpPort, System.Globalization.CultureInfo.InvariantCulture));
            await node.RunAsync();
            return 0;
        }
        await Console.Error.WriteLineAsync("This is a test assembly: run it with dotnet test.");
        return 2;
    }
}
