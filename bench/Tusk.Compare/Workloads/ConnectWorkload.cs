namespace Tusk.Compare.Workloads;

/// <summary>
/// Connection cost: pgbench with a new connection per transaction (-C) running <c>SELECT 1;</c>, 10 s (3 s with
/// --quick). `connect`: 4 clients, 2 threads (throughput: the machine's CPUs are the limit). `connect-1`: one
/// client (latency of a single connection; a pre-started backend keeps process creation off that path).
/// Reports transactions per second, reconnection included.
/// </summary>
public sealed class ConnectWorkload(int clients = 4, int threads = 2) : IWorkload
{
    public string Name => clients == 4 ? "connect" : $"connect-{clients}";

    public string Description =>
        $"pgbench -n -C -f select1.sql -c {clients} -j {threads} -T 10 (quick: -T 3): new connection per transaction";

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
        [new("tps", "connections/s (pgbench -C tps)", "tps", HigherIsBetter: true)];

    public async Task<WorkloadOutcome> RunAsync(WorkloadContext context, CancellationToken ct)
    {
        string script = Path.Combine(context.WorkDirectory, "select1.sql");
        await File.WriteAllTextAsync(script, "SELECT 1;\n", ct).ConfigureAwait(false);
        int seconds = context.Quick ? 3 : 10;
        var result = await Pgbench.RunAsync(
            context,
            ["-n", "-C", "-f", script, "-c", $"{clients}", "-j", $"{threads}", "-T", $"{seconds}"],
            TimeSpan.FromSeconds(seconds + 120),
            ct).ConfigureAwait(false);
        return Pgbench.ParseRun(result);
    }
}
