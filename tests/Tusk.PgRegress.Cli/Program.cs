// tusk-regress: runs PostgreSQL's regression (pg_regress) and isolation (pg_isolation_regress) drivers over the
// curated schedules in tests/corpus/pg-regress against a throwaway cluster; prints per-file pass/fail and the
// count, keeps results and diffs. Usage: tusk-regress --help.
using Tusk.Clusters;
using Tusk.PgRegress;

Interruption.RestoreDefaultSignals();

const string Usage = """
    usage: tusk-regress [--server tusk|postgresql] [--suite regress|isolation|all] [options]

    Starts a throwaway cluster, runs PostgreSQL's test driver over the curated schedule (or the named tests)
    and prints one line per file and the count. Results, per-file diffs and summary.txt are kept in
    RESULTS/SUITE-SERVER (default RESULTS: artifacts/regress at the repository root).

    options:
      --server NAME      tusk (default) or postgresql
      --suite NAME       regress, isolation or all (default: all)
      --tests A,B        run these tests instead of the schedule (one suite only)
      --schedule FILE    another schedule (one suite only)
      --inputdir DIR     another input directory (one suite only)
      --results DIR      where results are kept
      --pg-bin DIR       PostgreSQL's bin directory (default: $PG_BINDIR, the PostgreSQL 15 one)
      --tusk PATH        the tusk executable (default: ./tusk at the repository root)
      -q, --quiet        do not echo the driver's output
      -h, --help         this text

    exit status: 0 all passed, 1 something failed, 2 usage error, 130 interrupted
    """;

string server = "tusk", suiteName = "all";
string? tests = null, schedule = null, inputDir = null, results = null, pgBin = null, tusk = null;
bool quiet = false;
try
{
    for (int i = 0; i < args.Length; i++)
    {
        string a = args[i];
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value");
        switch (a)
        {
            case "--server": server = Value().ToLowerInvariant(); break;
            case "--suite": suiteName = Value().ToLowerInvariant(); break;
            case "--tests": tests = Value(); break;
            case "--schedule": schedule = Value(); break;
            case "--inputdir": inputDir = Value(); break;
            case "--results": results = Value(); break;
            case "--pg-bin": pgBin = Value(); break;
            case "--tusk": tusk = Value(); break;
            case "-q" or "--quiet": quiet = true; break;
            case "-h" or "--help": Console.WriteLine(Usage); return 0;
            default: throw new ArgumentException($"unknown argument {a}");
        }
    }
    if (server is not ("tusk" or "postgresql"))
    {
        throw new ArgumentException("--server must be tusk or postgresql");
    }
    if (suiteName is not ("regress" or "isolation" or "all"))
    {
        throw new ArgumentException("--suite must be regress, isolation or all");
    }
    if (suiteName == "all" && (tests ?? schedule ?? inputDir) is not null)
    {
        throw new ArgumentException("--tests, --schedule and --inputdir need --suite regress or --suite isolation");
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"tusk-regress: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}

string root = ClusterLauncher.FindRepositoryRoot() ?? Directory.GetCurrentDirectory();
string pgBinDir = pgBin ?? ClusterLauncher.FindPgBinDir();
string resultsRoot = Path.GetFullPath(results ?? Path.Combine(root, "artifacts", "regress"));
var suites = new List<RegressSuite>();
foreach (var kind in suiteName switch
{
    "regress" => [SuiteKind.Regress],
    "isolation" => [SuiteKind.Isolation],
    _ => new[] { SuiteKind.Regress, SuiteKind.Isolation },
})
{
    var suite = RegressSuite.Curated(kind, root);
    if (inputDir is not null)
    {
        suite = suite with { InputDirectory = Path.GetFullPath(inputDir) };
    }
    if (schedule is not null)
    {
        suite = suite with { Schedule = Path.GetFullPath(schedule) };
    }
    if (tests is not null)
    {
        suite = suite with { Tests = tests.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
    }
    suites.Add(suite);
}

ClusterLauncher.SweepStale();
using var interruption = new Interruption();
var launcher = new ClusterLauncher(pgBinDir, Path.GetFullPath(tusk ?? Path.Combine(root, "tusk")));
ICluster cluster = server == "tusk" ? launcher.CreateTusk() : launcher.CreatePostgres();
var runs = new List<RegressRun>();
try
{
    await cluster.StartAsync(new ClusterSettings(), interruption.Token);
    Console.WriteLine($"cluster: {cluster.Name} on {cluster.Host}:{cluster.Port}, directory {cluster.RootDirectory}");
    var runner = new RegressRunner(pgBinDir);
    foreach (var suite in suites)
    {
        var run = await runner.RunAsync(cluster, suite, new RegressOptions
        {
            ResultsDirectory = Path.Combine(resultsRoot, $"{suite.Name}-{server}"),
            Progress = quiet ? null : Console.Out,
        }, interruption.Token);
        Console.WriteLine();
        Console.Write(run.Report());
        runs.Add(run);
    }
}
catch (OperationCanceledException) when (interruption.Interrupted)
{
    Console.Error.WriteLine("interrupted: nothing counted");
    return 130;
}
catch (Exception e) when (e is CommandFailedException or TimeoutException or FileNotFoundException)
{
    Console.Error.WriteLine($"tusk-regress: {e.Message}");
    return 1;
}
finally
{
    await launcher.StopAllAsync();
}
Console.WriteLine();
foreach (var run in runs)
{
    Console.WriteLine(run.Headline);
}
return runs.All(r => r.Failed == 0) ? 0 : 1;
