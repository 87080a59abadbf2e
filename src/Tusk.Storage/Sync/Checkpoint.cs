// A checkpoint (CreateCheckPoint's CheckPointGuts, without WAL yet): write every dirty shared buffer, write the
// commit log's dirty pages, then fsync every segment written since the last checkpoint by any process (their
// requests come through SyncQueue). When it returns, everything changed before it started is on disk.
// Runs in the checkpointer. A pacer (CheckpointPacer) spreads the buffer writes over checkpoint_completion_target
// unless the checkpoint is Immediate. Not yet: the checkpoint WAL record, redo point and control file (with the WAL).
using System.Diagnostics;
using Tusk.Storage.Buffer;
using Tusk.Storage.Transam;

namespace Tusk.Storage.Sync;

public static class Checkpoint
{
    /// <summary>What one checkpoint did, for log_checkpoints.</summary>
    public readonly record struct Stats(
        int BuffersWritten, int NBuffers, int SlruPages, int FilesSynced, double WriteSeconds, double SyncSeconds, double TotalSeconds);

    /// <summary>Runs a checkpoint; <paramref name="pacer"/> (null: full speed) paces the buffer writes.</summary>
    public static Stats Run(CheckpointPacer? pacer = null)
    {
        var total = Stopwatch.StartNew();
        SyncQueue.Absorb(Smgr.Smgr.AddPendingSync);
        int written = BufMgr.FlushAllBuffers(pacer == null ? null : pacer.AfterBuffer);
        int slru = Clog.Flush();
        double write = total.Elapsed.TotalSeconds;
        SyncQueue.Absorb(Smgr.Smgr.AddPendingSync);
        int synced = Smgr.Smgr.SyncPending();
        return new Stats(written, BufMgr.NBuffers, slru, synced, write, total.Elapsed.TotalSeconds - write, total.Elapsed.TotalSeconds);
    }

    /// <summary>The reason words of PostgreSQL's "checkpoint starting:" line.</summary>
    public static string Describe(CheckpointFlags flags)
    {
        var words = new List<string>();
        if ((flags & CheckpointFlags.Shutdown) != 0)
        {
            words.Add("shutdown");
        }
        if ((flags & CheckpointFlags.Immediate) != 0)
        {
            words.Add("immediate");
        }
        if ((flags & CheckpointFlags.Requested) != 0 && (flags & CheckpointFlags.Shutdown) == 0)
        {
            words.Add("force");
        }
        if ((flags & CheckpointFlags.Wait) != 0)
        {
            words.Add("wait");
        }
        if ((flags & CheckpointFlags.Wal) != 0)
        {
            words.Add("wal");
        }
        if (words.Count == 0)
        {
            words.Add("time");
        }
        return string.Join(' ', words);
    }

    /// <summary>PostgreSQL's "checkpoint complete:" line (WAL figures are zero until the WAL is in).</summary>
    public static string Complete(Stats s) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"checkpoint complete: wrote {s.BuffersWritten} buffers ({(s.NBuffers == 0 ? 0 : 100.0 * s.BuffersWritten / s.NBuffers):F1}%); "
        + $"0 WAL file(s) added, 0 removed, 0 recycled; write={s.WriteSeconds:F3} s, sync={s.SyncSeconds:F3} s, "
        + $"total={s.TotalSeconds:F3} s; sync files={s.FilesSynced}, longest=0.000 s, average=0.000 s; distance=0 kB, estimate=0 kB");
}
