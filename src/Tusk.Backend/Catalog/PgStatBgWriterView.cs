// pg_stat_bgwriter (pgstatfuncs.c pg_stat_get_bgwriter_*): one row of cluster-wide checkpoint and buffer-write
// counters, read straight from shared memory (SyncQueue: checkpoints; Freelist: buffers written by checkpoint,
// background writer and backends, and allocated). The counters start at zero with the segment, so they restart
// after a crash reset; there is no pg_stat_reset_shared yet (stats_reset is null).
using Tusk.Common.Types;
using Tusk.Executor;
using Tusk.Storage.Buffer;
using Tusk.Storage.Sync;

namespace Tusk.Backend.Catalog;

/// <summary>The pg_stat_bgwriter system view over shared memory.</summary>
public sealed class PgStatBgWriterView : ISystemView
{
    static readonly ResultColumn[] Cols =
    [
        new("checkpoints_timed", TypeOid.Int8), new("checkpoints_req", TypeOid.Int8),
        new("checkpoint_write_time", TypeOid.Float8), new("checkpoint_sync_time", TypeOid.Float8),
        new("buffers_checkpoint", TypeOid.Int8), new("buffers_clean", TypeOid.Int8),
        new("maxwritten_clean", TypeOid.Int8), new("buffers_backend", TypeOid.Int8),
        new("buffers_backend_fsync", TypeOid.Int8), new("buffers_alloc", TypeOid.Int8),
        new("stats_reset", TypeOid.TimestampTz),
    ];

    public string Name => "pg_stat_bgwriter";

    public ResultColumn[] Columns => Cols;

    public IEnumerable<Datum[]> Scan()
    {
        var c = SyncQueue.CheckpointStats;
        var w = Freelist.Counters;
        yield return
        [
            Datum.FromInt8(c.Timed), Datum.FromInt8(c.Requested), Datum.FromFloat8(c.WriteMs),
            Datum.FromFloat8(c.SyncMs), Datum.FromInt8(w.BuffersCheckpoint), Datum.FromInt8(w.BuffersClean),
            Datum.FromInt8(w.MaxWrittenClean), Datum.FromInt8(w.BuffersBackend), Datum.FromInt8(c.BackendFsyncs),
            Datum.FromInt8(w.BuffersAlloc), Datum.Null(TypeOid.TimestampTz),
        ];
    }
}
