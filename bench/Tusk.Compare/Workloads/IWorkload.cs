using Npgsql;
using Tusk.Clusters;

namespace Tusk.Compare.Workloads;

/// <summary>
/// One named workload. The harness runs it once per repetition against each server; it returns one value per
/// metric it declares, or throws (the cell then shows "fails: message").
/// </summary>
public interface IWorkload
{
    /// <summary>Name used on the command line (<c>--only NAME</c>) and in the report.</summary>
    string Name { get; }

    /// <summary>One line for the report and --list.</summary>
    string Description { get; }

    /// <summary>What it measures: one table row each.</summary>
    IReadOnlyList<MetricDefinition> Metrics { get; }

    /// <summary>
    /// Data the workload needs, prepared once per server before the first repetition (null: none). Workloads
    /// that share a dataset share the instance, and it is prepared once for all of them.
    /// </summary>
    IDataset? Dataset => null;

    /// <summary>Group names that select this workload with <c>--only</c> too (e.g. "pgbench").</summary>
    IReadOnlyList<string> Groups => [];

    /// <summary>
    /// False for a workload whose Tusk side needs no server (the storage workloads work on a data directory and
    /// segment of their own through the access interface): it runs even when Tusk's server is not started, and a
    /// run of only such workloads does not start it.
    /// </summary>
    bool UsesTuskServer => true;

    Task<WorkloadOutcome> RunAsync(WorkloadContext context, CancellationToken ct);
}

/// <summary>
/// Data one or more workloads run against, made once per server before the repetitions (its time is not part of
/// any figure). When <see cref="PrepareAsync"/> throws, every repetition of the workloads using it on that server
/// reads "fails: ...".
/// </summary>
public interface IDataset
{
    /// <summary>Short name for progress lines and error messages.</summary>
    string Name { get; }

    /// <summary>One line for the report: what it creates.</summary>
    string Description { get; }

    Task PrepareAsync(WorkloadContext context, CancellationToken ct);
}

/// <summary>A measured quantity: <paramref name="Key"/> is the JSON name, <paramref name="Label"/> the row label.</summary>
public sealed record MetricDefinition(string Key, string Label, string Unit, bool HigherIsBetter, int Decimals = 1);

/// <summary>The result of one run on one server.</summary>
/// <param name="Values">Metric key to value; a metric missing here counts as failed for this run.</param>
/// <param name="FailedTransactions">Transactions (or queries, connections) that failed during the run.</param>
public sealed record WorkloadOutcome(IReadOnlyDictionary<string, double> Values, long FailedTransactions, string? Note = null);

/// <summary>What a workload gets to work with.</summary>
public sealed class WorkloadContext
{
    public required ICluster Cluster { get; init; }

    /// <summary>Short runs (CI).</summary>
    public required bool Quick { get; init; }

    /// <summary>PostgreSQL's bin directory, for client tools such as pgbench and psql.</summary>
    public required string PgBinDir { get; init; }

    /// <summary>A scratch directory that lives for the whole run.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>The database clients connect to: the cluster's own unless given.</summary>
    public string Database
    {
        get => field ?? Cluster.Database;
        init;
    }

    /// <summary>The same context, connecting to another database of the cluster.</summary>
    public WorkloadContext WithDatabase(string database) => new()
    {
        Cluster = Cluster, Quick = Quick, PgBinDir = PgBinDir, WorkDirectory = WorkDirectory, Database = database,
    };

    /// <summary>Npgsql connection string for the cluster: no pooling, no TLS.</summary>
    public string NpgsqlConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = Cluster.Host,
        Port = Cluster.Port,
        Username = Cluster.User,
        Database = Database,
        Pooling = false,
        SslMode = SslMode.Disable,
        Timeout = 30,
        CommandTimeout = 120,
    }.ConnectionString;

    /// <summary>
    /// A data source for the cluster without type loading (Npgsql does not query pg_type at connect, the same
    /// for both servers), no pooling and no TLS. Dispose it after use.
    /// </summary>
    public NpgsqlDataSource CreateDataSource()
    {
        var builder = new NpgsqlDataSourceBuilder(NpgsqlConnectionString);
        builder.ConfigureTypeLoading(t => t.EnableTypeLoading(false));
        return builder.Build();
    }

    /// <summary>Path of a PostgreSQL client tool.</summary>
    public string Tool(string name) => Path.Combine(PgBinDir, name);
}

/// <summary>Every workload the harness knows, in report order. Adding a workload = adding a line here.</summary>
public static class WorkloadRegistry
{
    static readonly PgbenchDataset _pgbench = new();
    static readonly RowsDataset _rows = new();
    static readonly CopyRowsDataset _copyRows = new();
    static readonly WhereDataset _where = new();

    public static IReadOnlyList<IWorkload> All { get; } =
    [
        new ConnectWorkload(),
        new ConnectWorkload(clients: 1, threads: 1),
        new IdleMemoryWorkload(),
        new PgbenchInitWorkload(),
        new PgbenchInitWorkload(copyOnly: true),
        new PgbenchWorkload(PgbenchScript.TpcB, "simple", _pgbench),
        new PgbenchWorkload(PgbenchScript.TpcB, "extended", _pgbench),
        new PgbenchWorkload(PgbenchScript.TpcB, "prepared", _pgbench),
        new PgbenchWorkload(PgbenchScript.SelectOnly, "simple", _pgbench),
        new PgbenchWorkload(PgbenchScript.SelectOnly, "extended", _pgbench),
        new PgbenchWorkload(PgbenchScript.SelectOnly, "prepared", _pgbench),
        new SelectWhereWorkload(_where),
        new GroupByWorkload(workers: 0, _rows),
        new GroupByWorkload(workers: 2, _rows),
        new GroupByWorkload(workers: 0, _copyRows, family: "group-by-1m"),
        new HashJoinWorkload(workers: 0, _rows),
        new HashJoinWorkload(workers: 2, _rows),
        new CommitRateWorkload(clients: 1, threads: 1),
        new CommitRateWorkload(clients: 8, threads: 2),
        new BulkLoadWorkload(),
    ];

    /// <summary>Every group name, with its workloads, in report order.</summary>
    public static IReadOnlyList<(string Group, IReadOnlyList<IWorkload> Workloads)> Groups { get; } =
        All.SelectMany(w => w.Groups).Distinct()
            .Select(g => (g, (IReadOnlyList<IWorkload>)All.Where(w => w.Groups.Contains(g)).ToList()))
            .ToList();

    /// <summary>
    /// The workloads named by <paramref name="names"/> (workload or group names), in report order; all of them
    /// when there are no names. Names that match nothing are returned in <paramref name="unknown"/>.
    /// </summary>
    public static List<IWorkload> Select(IReadOnlyList<string> names, out List<string> unknown)
    {
        unknown = names.Where(n => All.All(w => w.Name != n && !w.Groups.Contains(n))).ToList();
        return All.Where(w => names.Count == 0 || names.Any(n => w.Name == n || w.Groups.Contains(n))).ToList();
    }
}
