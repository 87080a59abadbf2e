// tusk-compat: runs every compatibility suite against a throwaway Tusk cluster (and, with --server both, a
// PostgreSQL 15 one) and prints the pass counts; --update-docs writes them into docs/compatibility.md.
//   suites: tests/sql (sqllogictest records), SQLite select1-5 (records), pg_regress curated (files),
//           isolation curated (specs)
using Tusk.Clusters;
using Tusk.Compat;
using Tusk.PgRegress;

Interruption.RestoreDefaultSignals();

const string Usage = """
    usage: compat [--server tusk|postgresql|both] [--update-docs] [--results DIR]

    Runs tests/sql and SQLite's select1-5 (sqllogictest), and PostgreSQL's regression and isolation drivers
    over the curated schedules, against a throwaway cluster per server; prints one row per suite with the
    pass count. Per-suite output (pg_regress diffs, failing sqllogictest records) is kept in RESULTS
    (default: artifacts/compat).

    options:
      --server NAME   tusk (default), postgresql, or both (PostgreSQL's column is the reference)
      --update-docs   rewrite the table in docs/compatibility.md (needs --server both)
      --results DIR   where per-suite output is kept
      -h, --help      this text
    """;

string server = "tusk";
bool updateDocs = false;
string? resultsArg = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--server" when i + 1 < args.Length: server = args[++i].ToLowerInvariant(); break;
        case "--update-docs": updateDocs = true; break;
        case "--results" when i + 1 < args.Length: resultsArg = args[++i]; break;
        case "-h" or "--help": Console.WriteLine(Usage); return 0;
        default:
            Console.Error.WriteLine($"compat: unknown argument {args[i]}\n{Usage}");
            return 2;
    }
}
if (server is not ("tusk" or "postgresql" or "both") || (updateDocs && server != "both"))
{
    Console.Error.WriteLine($"compat: --server must be tusk, postgresql or both; --update-docs needs both\n{Usage}");
    return 2;
}

string root = ClusterLauncher.FindRepositoryRoot() ?? Directory.GetCurrentDirectory();
string results = Path.GetFullPath(resultsArg ?? Path.Combine(root, "artifacts", "compat"));
string pgBinDir = ClusterLauncher.FindPgBinDir();
ClusterLauncher.SweepStale();
using var interruption = new Interruption();
var launcher = new ClusterLauncher(pgBinDir, Path.Combine(root, "tusk"));
var servers = server == "both" ? new[] { "postgresql", "tusk" } : new[] { server };
var columns = new List<(string Server, IReadOnlyList<SuiteCount> Counts)>();
try
{
    foreach (string s in servers)
    {
        ICluster cluster = s == "tusk" ? launcher.CreateTusk() : launcher.CreatePostgres();
        await cluster.StartAsync(new ClusterSettings(), interruption.Token);
        Console.Error.WriteLine($"cluster: {cluster.Name} on {cluster.Host}:{cluster.Port}, directory {cluster.RootDirectory}");
        var suites = new CompatSuites(root, pgBinDir, Path.Combine(results, s));
        columns.Add((cluster.Name, await suites.RunAllAsync(cluster, s, interruption.Token)));
        await cluster.StopAsync(CancellationToken.None);
    }
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

string table = CompatTable.Markdown(columns, DateTime.UtcNow);
Console.WriteLine();
Console.Write(table);
Console.WriteLine($"details: {results}");
if (updateDocs)
{
    string doc = Path.Combine(root, "docs", "compatibility.md");
    CompatTable.ReplaceInDocument(doc, table);
    Console.WriteLine($"updated {Path.GetRelativePath(Directory.GetCurrentDirectory(), doc)}");
}
return 0;
