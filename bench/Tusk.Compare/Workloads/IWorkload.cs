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

    Task<WorkloadOutcome> RunAsync(WorkloadContext context, CancellationToken ct);
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

    /// <summary>Npgsql connection string for the cluster: no pooling, no TLS.</summary>
    public string NpgsqlConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = Cluster.Host,
        Port = Cluster.Port,
        Username = Cluster.User,
        Database = Cluster.Database,
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
    public static IReadOnlyList<IWorkload> All { get; } =
    [
        new ConnectWorkload(),
        new ConnectWorkload(clients: 1, threads: 1),
        new IdleMemoryWorkload(),
    ];
}
