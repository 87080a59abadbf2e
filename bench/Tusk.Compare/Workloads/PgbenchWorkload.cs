namespace Tusk.Compare.Workloads;

/// <summary>The built-in pgbench scripts the throughput workloads run.</summary>
public enum PgbenchScript
{
    /// <summary><c>-b tpcb-like</c>: three UPDATEs, a SELECT and an INSERT per transaction.</summary>
    TpcB,

    /// <summary><c>-b select-only</c> (pgbench -S): one primary-key SELECT on pgbench_accounts.</summary>
    SelectOnly,
}

/// <summary>
/// Throughput: <c>pgbench -c 8 -j 2 -T 10 (--quick: -T 3) -M MODE -b tpcb-like|select-only</c> in the database of
/// <see cref="PgbenchDataset"/>, with pgbench's usual vacuum of the small tables before each run. Reports tps,
/// average latency and pgbench's failed transactions.
/// </summary>
public sealed class PgbenchWorkload(PgbenchScript script, string mode, PgbenchDataset dataset) : IWorkload
{
    public const int Clients = 8;

    public const int Threads = 2;

    string Builtin => script == PgbenchScript.TpcB ? "tpcb-like" : "select-only";

    string Family => script == PgbenchScript.TpcB ? "tpcb" : "select-only";

    public string Name => $"{Family}-{mode}";

    public string Description =>
        $"pgbench -b {Builtin} -M {mode} -c {Clients} -j {Threads} -T 10 (quick: -T 3) in database "
        + $"{PgbenchDataset.Database} (scale {PgbenchDataset.Scale})";

    public IDataset Dataset => dataset;

    public IReadOnlyList<string> Groups => ["pgbench", Family];

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new("tps", "transactions/s", "tps", HigherIsBetter: true),
        new("latency_avg", "latency average", "ms", HigherIsBetter: false, Decimals: 3),
    ];

    public async Task<WorkloadOutcome> RunAsync(WorkloadContext context, CancellationToken ct)
    {
        int seconds = context.Quick ? 3 : 10;
        var result = await Pgbench.RunAsync(
            context.WithDatabase(PgbenchDataset.Database),
            ["-b", Builtin, "-M", mode, "-c", $"{Clients}", "-j", $"{Threads}", "-T", $"{seconds}"],
            TimeSpan.FromSeconds(seconds + 120),
            ct).ConfigureAwait(false);
        return Pgbench.ParseRun(result);
    }
}
