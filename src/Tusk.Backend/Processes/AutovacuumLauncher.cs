// Autovacuum launcher (autovacuum.c). Wakes every autovacuum_naptime; scheduling workers from the shared
// statistics arrives with VACUUM.
using Tusk.Storage.Activity;

namespace Tusk.Backend.Processes;

public static class AutovacuumLauncher
{
    public static int Run(ChildContext ctx) =>
        AuxProcessLoop.Run(ctx, WaitEvents.AutoVacuumMain, () => ctx.Settings.GetInt("autovacuum_naptime") * 1000);
}
