using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tusk.Compare;
using Tusk.Clusters;
using Tusk.Compare.Reporting;
using Tusk.Compare.Storage;
using Tusk.Compare.Workloads;

Interruption.RestoreDefaultSignals();
if (args is ["--storage-worker", ..])
{
    // A worker process of the storage workloads' Tusk side (StorageBench starts it).
    return StorageWorker.Run(args[1..]);
}

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bench/compare: {e.Message}");
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(Options.Usage);
    return 0;
}
if (options.List)
{
    foreach (var w in WorkloadRegistry.All)
    {
        Console.WriteLine($"{w.Name,-21} {w.Description}");
    }
    Console.WriteLine();
    Console.WriteLine("groups (for --only):");
    foreach (var (group, members) in WorkloadRegistry.Groups)
    {
        Console.WriteLine($"{group,-21} {string.Join(", ", members.Select(w => w.Name))}");
    }
    return 0;
}

var workloads = WorkloadRegistry.Select(options.Only, out var unknown);
if (options.Gc && options.Only.Count == 0)
{
    workloads = workloads.Where(w => w is IdleMemoryWorkload).ToList();
}
if (unknown.Count > 0 || workloads.Count == 0)
{
    Console.Error.WriteLine($"bench/compare: unknown workload {string.Join(", ", unknown)}; known: "
        + string.Join(", ", WorkloadRegistry.All.Select(w => w.Name))
        + "; groups: " + string.Join(", ", WorkloadRegistry.Groups.Select(g => g.Group)));
    return 2;
}

CommandRunner.Echo = options.Verbose;
string repoRoot = ClusterLauncher.FindRepositoryRoot() ?? Directory.GetCurrentDirectory();
string pgBinDir = options.PgBinDir ?? ClusterLauncher.FindPgBinDir();
string tuskPath = Path.GetFullPath(options.TuskPath ?? Path.Combine(repoRoot, "tusk"));
string resultsDir = Path.GetFullPath(options.ResultsDirectory ?? Path.Combine(repoRoot, "bench", "results"));

int swept = ClusterLauncher.SweepStale();
if (swept > 0)
{
    Console.Error.WriteLine($"removed {swept} stale cluster directory(ies) of an earlier, killed run");
}

// Ctrl-C, SIGTERM, SIGHUP: cancel the run and clean up in order.
using var interruption = new Interruption();

var baseSettings = new ClusterSettings { KeepDirectory = options.Keep };
var launcher = new ClusterLauncher(pgBinDir, tuskPath);
var targets = new List<Target>();
if (options.Gc)
{
    string?[][] variants =
    [
        ["Tusk (GC defaults)", "default", null, null],
        ["Tusk GCgen0size=40000", "gen0=40000", "40000", null],
        ["Tusk GCHeapHardLimit=64MiB", "hardlimit", null, "4000000"],
    ];
    foreach (var v in variants)
    {
        var env = new Dictionary<string, string?> { ["DOTNET_GCgen0size"] = v[2], ["DOTNET_GCHeapHardLimit"] = v[3] };
        targets.Add(new Target
        {
            Name = v[0]!, ShortName = v[1]!, Cluster = launcher.CreateTusk(v[0]!),
            Settings = baseSettings with { Environment = env },
        });
    }
}
else if (options.AA)
{
    targets.Add(new Target
    {
        Name = "PostgreSQL A", ShortName = "A", Cluster = launcher.CreatePostgres("PostgreSQL A"), Settings = baseSettings,
    });
    targets.Add(new Target
    {
        Name = "PostgreSQL B", ShortName = "B", Cluster = launcher.CreatePostgres("PostgreSQL B"), Settings = baseSettings,
    });
}
else
{
    targets.Add(new Target
    {
        Name = "PostgreSQL", ShortName = "PG", Cluster = launcher.CreatePostgres(), Settings = baseSettings,
    });
    targets.Add(new Target
    {
        Name = "Tusk", ShortName = "Tusk", Cluster = launcher.CreateTusk(), Settings = baseSettings,
    });
}

var started = DateTime.UtcNow;
var clock = Stopwatch.StartNew();
string workDir = ClusterBase.CreateOwnedTempDirectory("work");
Console.Error.WriteLine(
    $"bench/compare: {(options.Quick ? "quick" : "full")} mode, {options.Repetitions} repetitions, workloads: "
    + string.Join(", ", workloads.Select(w => w.Name)));
RunReport report;
try
{
    var runner = new Runner(targets, workloads, options, pgBinDir, workDir);
    await runner.StartAllAsync(interruption.Token);
    var preparations = await runner.PrepareAllAsync(interruption.Token);
    FsyncLimit? fsyncLimit = null;
    if (workloads.Any(w => w.Groups.Contains("storage")))
    {
        Console.Error.WriteLine($"measuring the disk's fsync limit ({FsyncLimit.Command}, stopped after fdatasync) ...");
        fsyncLimit = await FsyncLimit.MeasureAsync(pgBinDir, workDir, interruption.Token);
        Console.Error.WriteLine($"  {fsyncLimit.Line}");
    }
    var samples = await runner.RunAsync(interruption.Token);
    report = new RunReport
    {
        Timestamp = started.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        Mode = (options.Quick ? "quick" : "full") + (options.Gc ? ", gc" : options.AA ? ", A/A" : ""),
        Repetitions = options.Repetitions,
        DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        ProcessorCount = Environment.ProcessorCount,
        Kernel = ReadKernel(),
        Settings = new Dictionary<string, string>
        {
            ["listen_addresses"] = "127.0.0.1 (free port)",
            ["max_connections"] = baseSettings.MaxConnections.ToString(CultureInfo.InvariantCulture),
            ["shared_buffers"] = baseSettings.SharedBuffers,
            ["synchronous_commit"] = baseSettings.SynchronousCommit,
            ["backend_pool_size"] = baseSettings.BackendPoolSize?.ToString(CultureInfo.InvariantCulture) ?? "Tusk's default",
        },
        Targets = targets.Select(t => t.Info()).ToList(),
        Preparations = preparations,
        Workloads = Runner.Summarize(workloads, samples, targets),
        FsyncLimit = fsyncLimit,
    };
}
catch (OperationCanceledException) when (interruption.Interrupted)
{
    Console.Error.WriteLine("interrupted: no report written");
    return 130;
}
finally
{
    await launcher.StopAllAsync();
    Directory.Delete(workDir, recursive: true);
    var left = targets.SelectMany(t => t.SeenProcesses).Where(ProcFs.IsAlive).ToList();
    Console.Error.WriteLine(left.Count == 0
        ? "cleanup: servers stopped, no server process left, temporary directories removed"
        : $"cleanup: WARNING {left.Count} server process(es) still alive: "
          + string.Join(", ", left.Select(p => $"{p.Pid} {p.Comm}")));
}

Console.WriteLine();
Console.Write(TableReport.Text(report));

Directory.CreateDirectory(resultsDir);
string suffix = options.Gc ? "-gc" : options.AA ? "-aa" : "";
string stamp = started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + suffix;
string latest = $"latest{suffix}.md";
string jsonFile = Path.Combine(resultsDir, stamp + ".json");
await File.WriteAllTextAsync(jsonFile, JsonSerializer.Serialize(report, JsonOptions.Default));
string? chartName = null;
if (options.Chart)
{
    try
    {
        Chart.Draw(report, Path.Combine(resultsDir, stamp + ".png"));
        chartName = stamp + ".png";
    }
    catch (Exception e) when (e is not OutOfMemoryException)
    {
        Console.Error.WriteLine($"warning: no chart: {e.GetType().Name}: {e.Message}");
    }
}
string markdown = TableReport.Markdown(report, chartName);
await File.WriteAllTextAsync(Path.Combine(resultsDir, stamp + ".md"), markdown);
await File.WriteAllTextAsync(Path.Combine(resultsDir, latest), markdown);
Console.WriteLine();
Console.WriteLine($"results: {Path.GetRelativePath(Directory.GetCurrentDirectory(), jsonFile)} (.md"
    + (chartName is null ? "" : ", .png") + $"), {latest}");
return 0;

static string ReadKernel()
{
    try
    {
        return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
    }
    catch (IOException)
    {
        return "?";
    }
}
