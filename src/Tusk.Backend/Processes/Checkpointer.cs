// Checkpointer process (checkpointer.c). Sleeps on its latch for checkpoint_timeout; at shutdown (SIGUSR2
// from the postmaster, after every backend has gone) it logs the shutdown checkpoint. Checkpoints proper,
// fsync request absorption and the control file arrive with the storage layer.
using Tusk.Common.Elog;
using Tusk.Storage.Activity;

namespace Tusk.Backend.Processes;

public static class Checkpointer
{
    public static int Run(ChildContext ctx) =>
        AuxProcessLoop.Run(ctx, WaitEvents.CheckpointerMain,
            () => ctx.Settings.GetInt("checkpoint_timeout") * 1000,
            onShutdown: () => Log.Info("shutting down"));
}
