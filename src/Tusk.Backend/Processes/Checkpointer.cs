// Checkpointer process (checkpointer.c). Runs a checkpoint every checkpoint_timeout, when one is requested
// (SyncQueue.RequestCheckpoint sets its latch), and at shutdown (SIGUSR2 from the postmaster, after every backend
// has gone); between them it absorbs the other processes' fsync requests so the queue does not fill. A checkpoint
// writes every dirty buffer and commit-log page, fsyncs every segment written since the last one, writes the
// checkpoint WAL record and the control file, and removes old WAL segments (Storage/Sync/Checkpoint).
// log_checkpoints writes PostgreSQL's "checkpoint starting/complete" lines. Not yet: spreading the writes.
using System.Diagnostics;
using Tusk.Common.Elog;
using Tusk.Storage.Activity;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Sync;

namespace Tusk.Backend.Processes;

public static class Checkpointer
{
    public static int Run(ChildContext ctx)
    {
        var sinceLast = Stopwatch.StartNew();
        bool registered = false;
        void Once()
        {
            if (!registered)
            {
                SyncQueue.RegisterCheckpointer(ProcGlobal.MyProcNumber);
                registered = true;
            }
        }
        void DoCheckpoint(CheckpointFlags flags)
        {
            int number = SyncQueue.CheckpointStarted();
            bool log = ctx.Settings.GetBool("log_checkpoints");
            if (log)
            {
                Log.Info($"checkpoint starting: {Checkpoint.Describe(flags)}");
            }
            var stats = Checkpoint.Run(flags);
            if (log)
            {
                Log.Info(Checkpoint.Complete(stats));
            }
            SyncQueue.CheckpointDone(number);
            sinceLast.Restart();
        }
        return AuxProcessLoop.Run(ctx, WaitEvents.CheckpointerMain,
            () => Math.Max(100, (ctx.Settings.GetInt("checkpoint_timeout") * 1000) - (int)sinceLast.ElapsedMilliseconds),
            round: () =>
            {
                Once();
                if (SyncQueue.TakeRequest(out var flags))
                {
                    DoCheckpoint(flags | CheckpointFlags.Requested);
                }
                else if (sinceLast.Elapsed.TotalSeconds >= ctx.Settings.GetInt("checkpoint_timeout"))
                {
                    DoCheckpoint(CheckpointFlags.None);
                }
                else
                {
                    SyncQueue.Absorb(Tusk.Storage.Smgr.Smgr.AddPendingSync);
                }
            },
            onShutdown: () =>
            {
                Log.Info("shutting down");
                Once();
                DoCheckpoint(CheckpointFlags.Shutdown | CheckpointFlags.Immediate);
            });
    }
}
