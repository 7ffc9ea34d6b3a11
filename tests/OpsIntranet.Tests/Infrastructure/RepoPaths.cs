namespace OpsIntranet.Tests.Infrastructure;

public static class RepoPaths
{
    /// <summary>The checkout's root: the folder holding OpsIntranet.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = Find();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "OpsIntranet.sln"))) return dir.FullName;
        throw new InvalidOperationException("OpsIntranet.sln not found above " + AppContext.BaseDirectory);
    }
}
