using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using OpsIntranet.Core.Data;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Jobs.Mail;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Tests.Infrastructure;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace OpsIntranet.Tests.Deployment;

/// <summary>
/// docker-compose.yml and the Dockerfile cannot run on the build machines, so these tests keep them
/// honest: every setting they pass is one the app reads, and every image they name is built.
/// </summary>
public partial class DeploymentConsistencyTests
{
    private static readonly Dictionary<string, string> AppsettingsOf = new()
    {
        ["web"] = RepoPaths.File("web", "OpsIntranet.Web", "appsettings.json"),
        ["worker"] = RepoPaths.File("jobs", "OpsIntranet.Worker", "appsettings.json"),
    };

    private static Dictionary<string, object> Compose()
    {
        using var reader = new StringReader(File.ReadAllText(RepoPaths.File("docker-compose.yml")));
        var parser = new MergingParser(new Parser(reader));
        return new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(parser);
    }

    private static Dictionary<object, object> Service(string name) =>
        (Dictionary<object, object>)((Dictionary<object, object>)Compose()["services"])[name];

    private static Dictionary<string, string> EnvironmentOf(string service) =>
        ((Dictionary<object, object>)Service(service)["environment"]).ToDictionary(kv => (string)kv.Key, kv => kv.Value?.ToString() ?? "");

    /// <summary>The configuration keys an appsettings.json defines, with array items collapsed to their array.</summary>
    private static HashSet<string> KnownKeys(string appsettings)
    {
        var config = new ConfigurationBuilder().AddJsonFile(appsettings).Build();
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in config.AsEnumerable()) keys.Add(section.Key);
        return keys;
    }

    private static string ToConfigKey(string environmentName) => environmentName.Replace("__", ":", StringComparison.Ordinal);

    [Theory]
    [InlineData("web")]
    [InlineData("worker")]
    public void Compose_EveryAppSettingItPasses_IsOneTheAppDefines(string service)
    {
        var known = KnownKeys(AppsettingsOf[service]);
        var appKeys = EnvironmentOf(service).Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(appKeys);
        foreach (var key in appKeys)
        {
            // Items of a list (Recipients__0) belong to the list the app defines.
            var configKey = ArrayIndex().Replace(ToConfigKey(key), "");
            Assert.True(known.Contains(configKey), $"docker-compose.yml passes {key} to {service}, but {Path.GetFileName(Path.GetDirectoryName(AppsettingsOf[service]))}/appsettings.json has no {configKey}.");
        }
    }

    [Fact]
    public void Compose_ConnectionString_UsesTheNameTheAppReads()
    {
        foreach (var service in new[] { "web", "worker" })
            Assert.Contains($"ConnectionStrings__{DatabaseSetup.ConnectionStringName}", EnvironmentOf(service).Keys);
    }

    [Fact]
    public void Compose_WebRunsNoJobServer_WorkersDo()
    {
        Assert.Equal("false", EnvironmentOf("web")["Jobs__RunServer"]);
        Assert.Equal("true", EnvironmentOf("worker")["Jobs__RunServer"]);
    }

    [Fact]
    public void Compose_BuildTargets_ExistInTheDockerfile_WithTheRightEntryPoints()
    {
        var dockerfile = File.ReadAllText(RepoPaths.File("Dockerfile"));
        foreach (var (service, assembly) in new[] { ("web", typeof(Program).Assembly.GetName().Name), ("worker", "OpsIntranet.Worker") })
        {
            var build = (Dictionary<object, object>)Service(service)["build"];
            var target = (string)build["target"];
            var stage = Regex.Match(dockerfile, $@"FROM \S+ AS {target}\b(?<body>.*?)(?=\nFROM |\z)", RegexOptions.Singleline);
            Assert.True(stage.Success, $"Dockerfile has no stage '{target}' for the {service} service.");
            Assert.Contains($"\"{assembly}.dll\"", stage.Groups["body"].Value);
        }
        Assert.True(File.Exists(RepoPaths.File("jobs", "OpsIntranet.Worker", "OpsIntranet.Worker.csproj")));
    }

    [Fact]
    public void Dockerfile_EnvironmentSettings_AreOnesTheAppDefines()
    {
        var known = KnownKeys(AppsettingsOf["web"]);
        var env = Regex.Matches(File.ReadAllText(RepoPaths.File("Dockerfile")), @"\b([A-Za-z]+__[A-Za-z]+)=");
        Assert.NotEmpty(env);
        foreach (Match m in env) Assert.Contains(ToConfigKey(m.Groups[1].Value), known);
    }

    /// <summary>Every key in appsettings.json binds to a property of the options class that reads it (no dead or misspelt settings).</summary>
    [Theory]
    [InlineData("web")]
    [InlineData("worker")]
    public void Appsettings_EverySettingBindsToAnOption(string service)
    {
        var sections = new Dictionary<string, Type>
        {
            [JobsOptions.Section] = typeof(JobsOptions),
            [SmtpOptions.Section] = typeof(SmtpOptions),
            [ChromiumOptions.Section] = typeof(ChromiumOptions),
            [DepartmentScorecardOptions.Section] = typeof(DepartmentScorecardOptions),
            [OpsIntranet.Core.Metrics.MetricsOptions.Section] = typeof(OpsIntranet.Core.Metrics.MetricsOptions),
        };
        var config = new ConfigurationBuilder().AddJsonFile(AppsettingsOf[service]).Build();
        foreach (var (section, type) in sections)
        {
            var children = config.GetSection(section).GetChildren().ToList();
            Assert.NotEmpty(children);
            foreach (var child in children)
                Assert.True(type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null,
                    $"{service}: {section}:{child.Key} is not a property of {type.Name}.");
        }
    }

    /// <summary>The demo inbox accepts mail from anyone who can reach it: scripts/run.sh keeps its SMTP port on this machine.</summary>
    [Fact]
    public void RunScript_Smtp4dev_ListensForSmtpOnLoopbackOnly()
    {
        // The command spans lines ending in a backslash; join them to read it whole.
        var script = File.ReadAllText(RepoPaths.File("scripts", "run.sh")).Replace("\\\n", " ", StringComparison.Ordinal);
        var command = script.Split('\n').SingleOrDefault(l => l.Contains("dotnet smtp4dev", StringComparison.Ordinal));
        Assert.True(command is not null, "scripts/run.sh has no single 'dotnet smtp4dev' command line.");
        Assert.Matches(@"--bindaddress[= ]""?127\.0\.0\.1\b", command);
        Assert.DoesNotContain("--allowremoteconnections+", command);
    }

    [GeneratedRegex(@":\d+$")]
    private static partial Regex ArrayIndex();
}
