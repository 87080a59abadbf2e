using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;

namespace Tusk.Compare.Workloads;

/// <summary>
/// One analytic query over a table of (id, k, v) rows (<see cref="IRowsTable"/>), timed on the client: a new connection runs
/// <c>SET max_parallel_workers_per_gather = N</c> and an <c>EXPLAIN (COSTS OFF)</c> of the query (its plan becomes
/// the report's note, so a run shows whether the p2 variants really got a parallel plan), then the query itself;
/// the figure is the time from sending it to the last row read. A wrong result fails the run.
/// </summary>
public abstract partial class ParallelQueryWorkload(int workers, IRowsTable dataset) : IWorkload
{
    /// <summary>Common part of the name, e.g. "group-by"; the workload is "FAMILY-pN".</summary>
    protected abstract string Family { get; }

    /// <summary>The timed query; its result must be small.</summary>
    protected abstract string Query { get; }

    /// <summary>Null when <paramref name="rows"/> is the right result over a table of <paramref name="tableRows"/> rows, else what is wrong.</summary>
    protected abstract string? Check(IReadOnlyList<object[]> rows, long tableRows);

    public string Name => $"{Family}-p{workers}";

    public string Description =>
        $"{Query}; max_parallel_workers_per_gather = {workers}; {dataset.Table}: {dataset.Size}";

    public IDataset Dataset => dataset;

    /// <summary>The table the query reads.</summary>
    protected IRowsTable RowsTable => dataset;

    public IReadOnlyList<string> Groups => ["queries", Family];

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
        [new("seconds", "query time", "s", HigherIsBetter: false, Decimals: 3)];

    public async Task<WorkloadOutcome> RunAsync(WorkloadContext context, CancellationToken ct)
    {
        await using var dataSource = context.CreateDataSource();
        await using var conn = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using (var set = new NpgsqlCommand($"SET max_parallel_workers_per_gather = {workers}", conn))
        {
            await set.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        // A server whose plan for the query is hopeless (a join by nested loop over a million rows) reports a
        // statement timeout as its error instead of holding the run; PostgreSQL finishes far below it.
        string timeout = context.Quick ? "20s" : "300s";
        await using (var set = new NpgsqlCommand($"SET statement_timeout = '{timeout}'", conn))
        {
            await set.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        string plan = await PlanAsync(conn, ct).ConfigureAwait(false);

        var rows = new List<object[]>();
        var clock = Stopwatch.StartNew();
        await using (var cmd = new NpgsqlCommand(Query, conn) { CommandTimeout = 0 })
        await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                rows.Add(values);
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        string? wrong = Check(rows, dataset.Rows(context.Quick));
        if (wrong is not null)
        {
            throw new InvalidOperationException($"wrong result: {wrong}");
        }
        return new WorkloadOutcome(new Dictionary<string, double> { ["seconds"] = seconds }, 0, plan);
    }

    /// <summary>The plan's nodes in EXPLAIN order, Gather nodes with their planned workers; or why not known.</summary>
    async Task<string> PlanAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var nodes = new List<string>();
        try
        {
            await using var cmd = new NpgsqlCommand($"EXPLAIN (COSTS OFF) {Query}", conn);
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                string line = reader.GetString(0);
                var workers = WorkersPlanned().Match(line);
                if (workers.Success && nodes.Count > 0)
                {
                    nodes[^1] += $" [{workers.Groups[1].Value} workers planned]";
                }
                else if (nodes.Count == 0 || line.TrimStart().StartsWith("->", StringComparison.Ordinal))
                {
                    nodes.Add(line.Trim().TrimStart('-', '>').Trim());
                }
            }
        }
        catch (PostgresException e)
        {
            return $"plan unknown: EXPLAIN failed: {e.MessageText}";
        }
        return "plan: " + string.Join(" > ", nodes);
    }

    /// <summary>A column of a result row as a 64-bit integer (count and sum come back as bigint or numeric).</summary>
    protected static long Integer(object value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*Workers Planned: ([0-9]+)")]
    private static partial Regex WorkersPlanned();
}
