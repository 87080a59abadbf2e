// Checkpointer process (checkpointer.c). Runs a checkpoint every checkpoint_timeout, when one is requested
// (SyncQueue.RequestCheckpoint sets its latch), and at shutdown (SIGUSR2 from the postmaster, after every backend
// has gone); between them it absorbs the other processes' fsync requests so the queue does not fill. A checkpoint
// writes every dirty buffer and commit-log page, fsyncs every segment written since the last one, writes the
// checkpoint WAL record and the control file, and removes old WAL segments (Storage/Sync/Checkpoint). A timed or
// non-immediate requested checkpoint spreads its writes over checkpoint_completion_target x checkpoint_timeout
// (CheckpointPacer), napping on the latch, reloading settings on SIGHUP meanwhile; it finishes at full speed once
// an Immediate request or shutdown arrives. log_checkpoints writes PostgreSQL's "checkpoint starting/complete" lines.
using System.Diagnostics;
using Tusk.Common.Elog;
using Tusk.Storage.Activity;
using Tusk.Storage.Ipc;
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
            double target = ctx.Settings.GetReal("checkpoint_completion_target") * ctx.Settings.GetInt("checkpoint_timeout");
            var pacer = new CheckpointPacer(flags, target,
                hurry: static () => Interrupts.ShutdownRequestPending || SyncQueue.ImmediateRequested,
                nap: ms =>
                {
                    Latch.Wait(ms, WaitEvents.CheckpointWriteDelay);
                    Latch.Reset();
                    ctx.ReloadIfPending();
                });
            var stats = Checkpoint.Run(flags, pacer, ctx.Settings.GetBool("log_checkpoints") ? Log.Info : null);
            SyncQueue.CheckpointDone(number, flags, stats.WriteSeconds, stats.SyncSeconds);
            sinceLast.Restart();
        }
        return AuxProcessLoop.Run(ctx, WaitEvents.CheckpointerMain,
            () => Math.Max(100, (ctx.Settings.GetInt("checkpoint_timeout") * 1000) - (int)sinceLast.ElapsedMilliseconds),
            round: () =>
            {
                Once();
                if (SyncQueue.TakeRequest(out var flags))
                {
                    // A spread checkpoint naps on the latch and resets it, so requests that came in meanwhile are
                    // served here rather than after the next sleep.
                    do
                    {
                        DoCheckpoint(flags);
                    }
                    while (!Interrupts.ShutdownRequestPending && SyncQueue.TakeRequest(out flags));
                }
                else if (sinceLast.Elapsed.TotalSeconds >= ctx.Settings.GetInt("checkpoint_timeout"))
                {
                    // An idle system skips its timed checkpoints (nothing was logged since the last one).
                    if (Checkpoint.NothingLoggedSinceLast())
                    {
                        sinceLast.Restart();
                    }
                    else
                    {
                        DoCheckpoint(CheckpointFlags.None);
                    }
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
