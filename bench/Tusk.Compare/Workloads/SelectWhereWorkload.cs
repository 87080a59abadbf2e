namespace Tusk.Compare.Workloads;

/// <summary>
/// Point query without an index: <c>pgbench -n -M simple -c 8 -j 2 -T 10</c> (--quick: <c>-T 3</c>) with a custom
/// script, <c>\set id random(1, 1000)</c> and <c>SELECT * FROM bench_where WHERE id = :id</c>, over the 1 000 rows of
/// <see cref="WhereDataset"/>: every transaction is parsed, planned and scans the whole table (a few pages).
/// Reports tps, average latency and failed transactions.
/// </summary>
public sealed class SelectWhereWorkload(WhereDataset dataset) : IWorkload
{
    const string Script = "\\set id random(1, 1000)\nSELECT * FROM bench_where WHERE id = :id;\n";

    public string Name => "select-where-simple";

    public string Description =>
        $"pgbench -n -M simple -c {PgbenchWorkload.Clients} -j {PgbenchWorkload.Threads} -T 10 (quick: -T 3), "
        + $"script: SELECT * FROM bench_where WHERE id = :id (id random in 1..{WhereDataset.RowCount}, no index)";

    public IDataset Dataset => dataset;

    public IReadOnlyList<string> Groups => ["pgbench", "select-where"];

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new("tps", "transactions/s", "tps", HigherIsBetter: true),
        new("latency_avg", "latency average", "ms", HigherIsBetter: false, Decimals: 3),
    ];

    public async Task<WorkloadOutcome> RunAsync(WorkloadContext context, CancellationToken ct)
    {
        int seconds = context.Quick ? 3 : 10;
        string script = Path.Combine(context.WorkDirectory, "select-where.sql");
        await File.WriteAllTextAsync(script, Script, ct).ConfigureAwait(false);
        var result = await Pgbench.RunAsync(
            context,
            ["-n", "-M", "simple", "-f", script, "-c", $"{PgbenchWorkload.Clients}", "-j", $"{PgbenchWorkload.Threads}",
                "-T", $"{seconds}"],
            TimeSpan.FromSeconds(seconds + 120),
            ct).ConfigureAwait(false);
        return Pgbench.ParseRun(result);
    }
}
