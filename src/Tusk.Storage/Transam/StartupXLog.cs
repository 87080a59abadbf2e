// Start-up and crash recovery (xlog.c StartupXLOG, xlogrecovery.c PerformWalRecovery), run by the startup process
// before the postmaster accepts connections. Reads the control file, finds the last checkpoint record, sets the
// next transaction id from it, replays every record from the checkpoint's redo point to the end of valid WAL
// through the resource managers' redo routines, then opens WAL for insertion right after the last valid record
// (a torn tail record is cut off there and overwritten) and resets pg_subtrans (not kept across restarts). Then
// the end-of-recovery checkpoint if anything was replayed (or the cluster is new), else the control file just says
// the cluster is in production.
// Invariants: nothing inserts WAL before StartInsertion; replay is idempotent (page LSNs), so a crash during
// recovery just means replaying again. A cluster that has never started (no checkpoint yet) opens WAL at the start
// of its first segment.
// Entry point: StartupXLog.Recover(dataDir, log, logCheckpoints).
using System.Diagnostics;

namespace Tusk.Storage.Transam;

public static class StartupXLog
{
    /// <summary>What start-up found and did.</summary>
    public readonly record struct Result(bool NewCluster, bool Replayed, int Records, Lsn RedoStart);

    /// <param name="log">Start-up's LOG lines.</param>
    /// <param name="logCheckpoints">log_checkpoints: the end-of-recovery checkpoint's lines go to <paramref name="log"/> too.</param>
    public static Result Recover(string dataDir, Action<string> log, bool logCheckpoints = false)
    {
        var result = Replay(dataDir, log);
        if (result.Replayed || result.NewCluster)
        {
            Sync.Checkpoint.Run(Sync.CheckpointFlags.EndOfRecovery | Sync.CheckpointFlags.Immediate,
                log: logCheckpoints && !result.NewCluster ? log : null);
        }
        else
        {
            var cf = ControlFile.Read(dataDir);
            cf.State = DbState.InProduction;
            cf.Time = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            cf.Write(dataDir);
        }
        return result;
    }

    static Result Replay(string dataDir, Action<string> log)
    {
        var cf = ControlFile.Read(dataDir);
        if (!cf.CheckPoint.IsValid)
        {
            Lsn start = XLog.FirstSegmentStart;
            VarSup.Initialize(cf.CheckPointCopy.NextXid);
            VarSup.InitializeOid(cf.CheckPointCopy.NextOid);
            XLog.SetRedoRecPtr(start);
            XLog.StartInsertion(start, Lsn.Invalid);
            StartupTransactions();
            return new Result(true, false, 0, start);
        }
        string upAt = DateTimeOffset.FromUnixTimeSeconds(cf.Time).UtcDateTime.ToString(
            "yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        bool clean = cf.State == DbState.ShutDown;
        log(clean ? $"database system was shut down at {upAt}" : $"database system was interrupted; last known up at {upAt}");

        using var reader = new XLogReader(XLog.WalDirectory, XLog.SegmentSize);
        reader.BeginRead(cf.CheckPoint);
        if (!reader.ReadRecord(out var ckptRecord) || !XLogRedo.TryGetCheckpoint(ckptRecord, out var ckpt, out _))
        {
            throw new InvalidDataException(
                $"could not locate a valid checkpoint record at {cf.CheckPoint}: {reader.EndReason ?? "not a checkpoint"}");
        }
        log($"checkpoint record is at {cf.CheckPoint}");
        VarSup.Initialize(ckpt.NextXid);
        VarSup.InitializeOid(ckpt.NextOid);
        XLog.SetRedoRecPtr(ckpt.Redo);

        reader.BeginRead(ckpt.Redo);
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess();
        Lsn lastStart = cf.CheckPoint, endOfLog = reader.EndRecPtr, redoStart = default;
        int replayed = 0;
        void BeginRecovery()
        {
            log("database system was not properly shut down; automatic recovery in progress");
            cf.State = DbState.InCrashRecovery;
            cf.Time = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            cf.Write(dataDir);
        }
        while (reader.ReadRecord(out var record))
        {
            lastStart = record.ReadRecPtr;
            endOfLog = record.EndRecPtr;
            if (record.ReadRecPtr == cf.CheckPoint)
            {
                continue; // the checkpoint itself: already applied above
            }
            if (replayed == 0)
            {
                BeginRecovery();
                redoStart = record.ReadRecPtr;
                log($"redo starts at {redoStart}");
            }
            if (TransactionId.IsNormal(record.Xid))
            {
                VarSup.AdvancePast(record.Xid);
            }
            RmgrTable.Redo(record);
            replayed++;
        }
        if (replayed > 0)
        {
            if (reader.EndReason != null)
            {
                log(reader.EndReason);
            }
            cpu.Refresh();
            log(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"redo done at {lastStart} system usage: CPU: user: {cpu.UserProcessorTime.TotalSeconds:F2} s, "
                + $"system: {cpu.PrivilegedProcessorTime.TotalSeconds:F2} s, elapsed: {clock.Elapsed.TotalSeconds:F2} s"));
        }
        else if (!clean)
        {
            BeginRecovery();
            log("redo is not required");
        }
        XLog.StartInsertion(endOfLog, lastStart);
        StartupTransactions();
        return new Result(false, replayed > 0 || !clean, replayed, redoStart);
    }

    /// <summary>
    /// Once the next id is final: nothing from before the restart is running, so snapshots start at the next id
    /// and pg_subtrans starts empty (StartupSUBTRANS).
    /// </summary>
    static void StartupTransactions()
    {
        uint nextXid = VarSup.ReadNextXid();
        Ipc.ProcArray.InitLatestCompleted(nextXid);
        SubTrans.Startup(nextXid);
    }
}
