// Logical replication launcher (launcher.c). Sleeps until woken; starting apply workers for subscriptions
// arrives with logical replication.
using Tusk.Storage.Activity;

namespace Tusk.Backend.Processes;

public static class LogicalReplicationLauncher
{
    public static int Run(ChildContext ctx) =>
        AuxProcessLoop.Run(ctx, WaitEvents.LogicalLauncherMain, () => 180_000);
}
