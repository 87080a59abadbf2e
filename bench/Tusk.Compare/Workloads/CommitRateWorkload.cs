// Commit rate of single-row inserts, synchronous_commit on (`commit-rate-1`, `commit-rate-8`; group storage).
// PostgreSQL: pgbench -n -f insert.sql -c N -j J -T 10 (quick: 3) against a fresh `t (id int, payload text)`, the
// script `\set id random(1, 1000000)` + `INSERT INTO t VALUES (:id, repeat('x', 100));` in autocommit; the figure
// is pgbench's tps (without initial connection time). Tusk has no SQL INSERT yet: its side is N worker processes
// on a storage cluster of their own (StorageBench), each looping new xid, HeapRelation.Insert of a 105-byte row,
// Xact.Commit(synchronous: true) for the same time; the figure is their commits per second, summed.
// Entry points: CommitRateWorkload (in WorkloadRegistry.All).
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Tusk.Clusters;
using Tusk.Compare.Storage;

namespace Tusk.Compare.Workloads;

public sealed partial class CommitRateWorkload(int clients, int threads) : IWorkload
{
    public string Name => $"commit-rate-{clients}";

    public string Description =>
        $"single-row INSERT commits, synchronous_commit on, {clients} client(s), 10 s (quick: 3 s): PostgreSQL "
        + $"pgbench -n -f insert.sql -c {clients} -j {threads} (SQL); Tusk, which has no SQL INSERT yet, {clients} "
        + "worker process(es) calling HeapRelation.Insert + Xact.Commit(synchronous) directly (no server)";

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
        [new("tps", "commits/s, one-row INSERT each, sync commit", "tps", HigherIsBetter: true)];

    public IReadOnlyList<string> Groups => ["storage"];

    public bool UsesTuskServer => false;

    public async Task<WorkloadOutcome> RunAsync(WorkloadContext context, CancellationToken ct)
    {
        int seconds = context.Quick ? 3 : 10;
        if (context.Cluster is TuskCluster)
        {
            var run = await StorageBench.RunAsync(
                context.WorkDirectory, "commits", clients, [$"{seconds}"], TimeSpan.FromSeconds(seconds + 120), ct)
                .ConfigureAwait(false);
            return new WorkloadOutcome(
                new Dictionary<string, double> { ["tps"] = run.Workers.Sum(r => r.Count / r.Seconds) },
                0,
                $"access interface, no SQL: {clients} worker process(es), HeapRelation.Insert + Xact.Commit(synchronous) "
                + "on a data directory of their own (fsync on, 128 MB buffers); "
                + string.Create(CultureInfo.InvariantCulture,
                    $"{(double)run.Count / Math.Max(1, run.WalSyncs):0.0} commits per WAL fdatasync"));
        }
        await Sql.ExecuteAsync(context, ["DROP TABLE IF EXISTS t", "CREATE TABLE t (id int, payload text)"], ct)
            .ConfigureAwait(false);
        string script = Path.Combine(context.WorkDirectory, "insert.sql");
        await File.WriteAllTextAsync(
            script, "\\set id random(1, 1000000)\nINSERT INTO t VALUES (:id, repeat('x', 100));\n", ct).ConfigureAwait(false);
        long syncsBefore = await WalSyncsAsync(context, ct).ConfigureAwait(false);
        var result = await Pgbench.RunAsync(
            context,
            ["-n", "-f", script, "-c", $"{clients}", "-j", $"{threads}", "-T", $"{seconds}"],
            TimeSpan.FromSeconds(seconds + 120),
            ct).ConfigureAwait(false);
        var outcome = Pgbench.ParseRun(result);
        long syncs = await WalSyncsAsync(context, ct).ConfigureAwait(false) - syncsBefore;
        var processed = ProcessedLine().Match(result.StdOut);
        return processed.Success
            ? outcome with
            {
                Note = string.Create(CultureInfo.InvariantCulture,
                    $"{Pgbench.Number(processed.Groups[1].Value) / Math.Max(1, syncs):0.0} commits per WAL fdatasync (pg_stat_wal)"),
            }
            : outcome;
    }

    /// <summary>pg_stat_wal.wal_sync: WAL fsync calls of the whole server since its statistics were reset.</summary>
    static async Task<long> WalSyncsAsync(WorkloadContext context, CancellationToken ct)
    {
        await using var dataSource = context.CreateDataSource();
        await using var conn = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("SELECT pg_stat_clear_snapshot(), wal_sync FROM pg_stat_wal", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? reader.GetInt64(1) : 0;
    }

    [GeneratedRegex(@"^number of transactions actually processed: ([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex ProcessedLine();
}
