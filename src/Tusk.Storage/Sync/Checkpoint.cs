// A checkpoint (CreateCheckPoint and CheckPointGuts): fix the redo point (with every WAL insertion lock held),
// write every dirty shared buffer and the commit log's dirty pages (and pg_subtrans's, not fsync'd: it is reset at
// start-up), fsync every segment written since the last checkpoint by any process (their requests come through
// SyncQueue), then insert and flush the checkpoint record, point the control file at it, remove WAL segments
// before the redo point's segment, and delete pg_subtrans segments older than the oldest running transaction.
// When it returns, everything changed before the redo point is on disk, and recovery starts at the redo point.
// Runs in the checkpointer, and in the startup process for the end-of-recovery checkpoint. A shutdown checkpoint
// runs when nothing else inserts WAL, so its redo point is its own record: the next start replays nothing.
// A pacer (CheckpointPacer) spreads the buffer writes over checkpoint_completion_target unless the checkpoint is
// Immediate. Old segments are recycled as future ones (up to CheckPointSegments ahead), the rest removed.
using System.Diagnostics;
using Tusk.Storage.Buffer;
using Tusk.Storage.Transam;

namespace Tusk.Storage.Sync;

public static class Checkpoint
{
    /// <summary>What one checkpoint did, for log_checkpoints.</summary>
    public readonly record struct Stats(
        int BuffersWritten, int NBuffers, int FilesSynced, double WriteSeconds, double SyncSeconds, double TotalSeconds,
        int SegmentsRemoved, int SegmentsRecycled, long DistanceBytes);

    /// <summary>The previous checkpoint's redo point in this process (for the distance figure).</summary>
    static Lsn _lastRedo;

    /// <summary>The end of this process's last checkpoint record.</summary>
    static Lsn _lastCheckpointEnd;

    /// <summary>
    /// True if no WAL was inserted since this process's last checkpoint record (a timed checkpoint is then skipped,
    /// as PostgreSQL skips it on an idle system).
    /// </summary>
    public static bool NothingLoggedSinceLast() =>
        XLog.InsertAllowed && _lastCheckpointEnd.IsValid && XLog.InsertEndRecPtr.Value <= _lastCheckpointEnd.Value;

    /// <summary>
    /// Runs a checkpoint; <paramref name="pacer"/> (null: full speed) paces the buffer writes; <paramref name="log"/>
    /// (log_checkpoints) gets PostgreSQL's "checkpoint starting" and "checkpoint complete" lines.
    /// </summary>
    public static Stats Run(CheckpointFlags flags = CheckpointFlags.None, CheckpointPacer? pacer = null,
        Action<string>? log = null)
    {
        log?.Invoke($"checkpoint starting: {Describe(flags)}");
        var total = Stopwatch.StartNew();
        bool wal = XLog.InsertAllowed;
        Lsn redo = wal ? XLog.BeginCheckpointRedo() : default;
        uint nextXid = VarSup.ReadNextXid();
        SyncQueue.Absorb(Smgr.Smgr.AddPendingSync);
        int written = BufMgr.FlushAllBuffers(pacer == null ? null : pacer.AfterBuffer);
        Clog.Flush();
        SubTrans.Flush();
        double write = total.Elapsed.TotalSeconds;
        SyncQueue.Absorb(Smgr.Smgr.AddPendingSync);
        int synced = Smgr.Smgr.SyncPending();
        double sync = total.Elapsed.TotalSeconds - write;
        int removed = 0, recycled = 0;
        long distance = 0;
        if (wal)
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var info = new CheckpointInfo(redo, XLogConstants.DefaultTimeline, nextXid, now, VarSup.NextOidForCheckpoint());
            bool shutdown = (flags & (CheckpointFlags.Shutdown | CheckpointFlags.EndOfRecovery)) != 0;
            Lsn location = XLogRedo.WriteCheckpoint(shutdown, info, out _lastCheckpointEnd);
            string dataDir = Smgr.Smgr.DataDirectory;
            var cf = ControlFile.Read(dataDir);
            cf.State = (flags & CheckpointFlags.Shutdown) != 0 ? DbState.ShutDown : DbState.InProduction;
            cf.CheckPoint = location;
            cf.CheckPointCopy = info;
            cf.Time = now;
            cf.Write(dataDir);
            (removed, recycled) = RemoveOldSegments(redo);
            distance = _lastRedo.IsValid ? redo - _lastRedo : 0;
            _lastRedo = redo;
        }
        // pg_subtrans older than every running transaction and snapshot is never looked up again.
        SubTrans.Truncate(Ipc.ProcArray.OldestConsideredRunning());
        var stats = new Stats(written, BufMgr.NBuffers, synced, write, sync, total.Elapsed.TotalSeconds, removed,
            recycled, distance);
        log?.Invoke(Complete(stats));
        return stats;
    }

    /// <summary>
    /// RemoveOldXlogFiles: the segment files wholly before the redo point's segment are no longer needed. Each is
    /// recycled, renamed to a future segment's name so that no one has to zero-fill a new file, while fewer than
    /// CheckPointSegments future segments exist; the rest are deleted. A recycled file keeps its old pages, which
    /// the reader never mistakes for new WAL (their page addresses are the old segment's).
    /// </summary>
    static (int Removed, int Recycled) RemoveOldSegments(Lsn redo)
    {
        int segmentSize = XLog.SegmentSize;
        ulong keepFrom = redo.Segment(segmentSize);
        ulong current = XLog.InsertRecPtr.Segment(segmentSize);
        var old = new List<(ulong Segment, string Path)>();
        var future = new HashSet<ulong>();
        foreach (string path in Directory.EnumerateFiles(XLog.WalDirectory))
        {
            if (!XLogConstants.TryParseSegmentFileName(Path.GetFileName(path), segmentSize, out _, out ulong segment))
            {
                continue;
            }
            if (segment < keepFrom)
            {
                old.Add((segment, path));
            }
            else if (segment > current)
            {
                future.Add(segment);
            }
        }
        old.Sort();
        int removed = 0, recycled = 0;
        int keepAhead = Math.Max(1, XLog.CheckpointSegments);
        ulong next = current + 1;
        foreach (var (_, path) in old)
        {
            while (future.Contains(next))
            {
                next++;
            }
            if (future.Count < keepAhead)
            {
                string target = Path.Combine(XLog.WalDirectory,
                    XLogConstants.SegmentFileName(XLogConstants.DefaultTimeline, next, segmentSize));
                try
                {
                    // Never over an existing file: a writer may have just created this segment itself.
                    File.Move(path, target, overwrite: false);
                    future.Add(next);
                    recycled++;
                    continue;
                }
                catch (IOException)
                {
                    future.Add(next);
                }
            }
            File.Delete(path);
            removed++;
        }
        return (removed, recycled);
    }

    /// <summary>The reason words of PostgreSQL's "checkpoint starting:" line.</summary>
    public static string Describe(CheckpointFlags flags)
    {
        var words = new List<string>();
        if ((flags & CheckpointFlags.Shutdown) != 0)
        {
            words.Add("shutdown");
        }
        if ((flags & CheckpointFlags.EndOfRecovery) != 0)
        {
            words.Add("end-of-recovery");
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

    /// <summary>PostgreSQL's "checkpoint complete:" line.</summary>
    public static string Complete(Stats s) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"checkpoint complete: wrote {s.BuffersWritten} buffers ({(s.NBuffers == 0 ? 0 : 100.0 * s.BuffersWritten / s.NBuffers):F1}%); "
        + $"0 WAL file(s) added, {s.SegmentsRemoved} removed, {s.SegmentsRecycled} recycled; write={s.WriteSeconds:F3} s, sync={s.SyncSeconds:F3} s, "
        + $"total={s.TotalSeconds:F3} s; sync files={s.FilesSynced}, longest=0.000 s, average=0.000 s; "
        + $"distance={s.DistanceBytes / 1024} kB, estimate={s.DistanceBytes / 1024} kB");
}
