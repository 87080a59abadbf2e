// tusk-slt: dotnet run --project tests/Tusk.SqlLogicTest.Cli -- --server postgresql|tusk --files PATH... [--stop-on-fail] [--verbose]
using Tusk.Clusters;
using Tusk.SqlLogicTest;

Interruption.RestoreDefaultSignals();

string server = "tusk";
var patterns = new List<string>();
bool stopOnFail = false, verbose = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--server":
            server = args[++i].ToLowerInvariant();
            break;
        case "--files":
            while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                patterns.Add(args[++i]);
            }
            break;
        case "--stop-on-fail":
            stopOnFail = true;
            break;
        case "--verbose":
            verbose = true;
            break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            Console.Error.WriteLine("usage: --server postgresql|tusk --files <files, dirs or globs> [--stop-on-fail] [--verbose]");
            return 2;
    }
}
if (server is not ("postgresql" or "tusk") || patterns.Count == 0)
{
    Console.Error.WriteLine("usage: --server postgresql|tusk --files <files, dirs or globs> [--stop-on-fail] [--verbose]");
    return 2;
}
var files = TestFiles.Expand(patterns);
if (files.Count == 0)
{
    Console.Error.WriteLine("no .test files found");
    return 2;
}
string root = ClusterLauncher.FindRepositoryRoot() ?? Directory.GetCurrentDirectory();
ClusterLauncher.SweepStale();
await using var launcher = new ClusterLauncher(ClusterLauncher.FindPgBinDir(), Path.Combine(root, "tusk"));
ICluster cluster = server == "tusk" ? launcher.CreateTusk() : launcher.CreatePostgres();
using var interruption = new Interruption();
try
{
    await cluster.StartAsync(new ClusterSettings(), interruption.Token);
    Console.WriteLine($"cluster: {cluster.Name} on {cluster.Host}:{cluster.Port}, directory {cluster.RootDirectory}");
    var runner = new SltRunner(cluster.ConnectionString, new RunnerOptions
    {
        Engine = server,
        StopOnFail = stopOnFail,
        Verbose = verbose,
        Log = Console.Out,
    });
    var results = new List<FileResult>();
    foreach (string file in files)
    {
        var r = await runner.RunFileAsync(file, interruption.Token);
        Console.WriteLine(r);
        results.Add(r);
        if (stopOnFail && r.Failed > 0)
        {
            break;
        }
    }
    var summary = new RunSummary(results);
    Console.WriteLine(summary);
    return summary.Failed == 0 ? 0 : 1;
}
catch (OperationCanceledException) when (interruption.Interrupted)
{
    Console.Error.WriteLine("interrupted: nothing counted");
    return 130;
}
finally
{
    await launcher.StopAllAsync();
}
