// Bulk load (`bulk-load`; group storage): 1 M rows (quick: 200 k) of (int, 100-byte text) in one transaction.
// PostgreSQL: COPY bulk FROM STDIN (Npgsql text import, autocommit: one transaction) into a fresh
// `bulk (id int, payload text)`, timed from the COPY's start to its commit. Tusk has no COPY yet: one worker
// process on a storage cluster of its own (StorageBench) runs HeapRelation.MultiInsert in batches of 1000 and
// Xact.Commit(synchronous: true), timed inside the worker. Its rows are opaque bytes (no tuple formation), which
// flatters Tusk slightly. Figure: raw row bytes (4 + 100 per row) ÷ elapsed, in MB/s (10^6 bytes) on both sides.
// Entry points: BulkLoadWorkload (in WorkloadRegistry.All).
using System.Diagnostics;
using System.Globalization;
using Tusk.Clusters;
using Tusk.Compare.Storage;

namespace Tusk.Compare.Workloads;

public sealed class BulkLoadWorkload : IWorkload
{
    const int Batch = 1000;

    public string Name => "bulk-load";

    public string Description =>
        "1 M rows (quick: 200 k) of (int, 100-byte text), one transaction: PostgreSQL COPY FROM STDIN (SQL); Tusk, "
        + $"which has no COPY yet, HeapRelation.MultiInsert in batches of {Batch} + Xact.Commit(synchronous) in one "
        + "worker process (no server; opaque byte rows, no tuple formation). MB/s = (4 + 100) bytes per row ÷ time";

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
        [new("mbps", "load rate, raw row bytes", "MB/s", HigherIsBetter: true)];

    public IReadOnlyList<string> Groups => ["storage"];

    public bool UsesTuskServer => false;

    public async Task<WorkloadOutcome> RunAsync(WorkloadContext context, CancellationToken ct)
    {
        int rows = context.Quick ? 200_000 : 1_000_000;
        double seconds;
        string? note = null;
        if (context.Cluster is TuskCluster)
        {
            var run = await StorageBench.RunAsync(
                context.WorkDirectory, "load", 1, [$"{rows}", $"{Batch}"], TimeSpan.FromMinutes(5), ct)
                .ConfigureAwait(false);
            seconds = run.Workers[0].Seconds;
            note = $"access interface, no SQL: HeapRelation.MultiInsert × {Batch} rows + Xact.Commit(synchronous) in one "
                + "worker process, opaque 105-byte rows (no tuple formation; flatters Tusk slightly); "
                + string.Create(CultureInfo.InvariantCulture,
                    $"{run.WalSyncs} WAL fdatasyncs, {run.BackendFsyncs} data-file fsyncs by the worker");
        }
        else
        {
            seconds = await CopyAsync(context, rows, ct).ConfigureAwait(false);
        }
        return new WorkloadOutcome(
            new Dictionary<string, double> { ["mbps"] = (double)rows * StorageWorker.RawRowBytes / 1e6 / seconds }, 0, note);
    }

    /// <summary>COPY of <paramref name="rows"/> rows into a fresh table; seconds from the COPY's start to its commit.</summary>
    static async Task<double> CopyAsync(WorkloadContext context, int rows, CancellationToken ct)
    {
        await Sql.ExecuteAsync(context, ["DROP TABLE IF EXISTS bulk", "CREATE TABLE bulk (id int, payload text)"], ct)
            .ConfigureAwait(false);
        await using var dataSource = context.CreateDataSource();
        await using var conn = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        string tail = "\t" + new string('x', StorageWorker.PayloadBytes) + "\n";
        var sw = Stopwatch.StartNew();
        await using (var writer = await conn.BeginTextImportAsync("COPY bulk (id, payload) FROM STDIN", ct).ConfigureAwait(false))
        {
            for (int i = 1; i <= rows; i++)
            {
                if (i % 10_000 == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }
                await writer.WriteAsync(i.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                await writer.WriteAsync(tail).ConfigureAwait(false);
            }
        }
        return sw.Elapsed.TotalSeconds;
    }
}
