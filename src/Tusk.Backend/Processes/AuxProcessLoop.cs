// The main loop shared by the background processes: take the fixed process slot, report in
// pg_stat_activity, then sleep on the latch and wake for work, SIGHUP (reload) or a shutdown request.
// Signals: SIGHUP reload; SIGTERM and SIGUSR2 request an orderly exit; SIGINT is ignored; SIGQUIT exits at once
// (exit code 2, the postmaster is resetting after a crash).
using Tusk.Common.Types;
using Tusk.Common.Utils;
using Tusk.Storage.Activity;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Port;

namespace Tusk.Backend.Processes;

/// <summary>Runs a background process's loop. Entry point: <see cref="Run"/>.</summary>
public static class AuxProcessLoop
{
    /// <param name="ctx">The child's arguments and settings.</param>
    /// <param name="waitEvent">wait_event shown while sleeping.</param>
    /// <param name="naptimeMs">Current sleep between rounds (read after each reload).</param>
    /// <param name="round">Work done once per wake-up; null while the real work arrives with later subsystems.</param>
    /// <param name="onShutdown">Work done on an orderly shutdown request before exiting.</param>
    public static int Run(ChildContext ctx, uint waitEvent, Func<int> naptimeMs, Action? round = null,
        Action? onShutdown = null)
    {
        var type = ctx.Args.Type;
        ProcessTitle.Set("tusk: " + BackendTypeNames.Of(type));
        Interrupts.On(Libc.SigHup, static () => Interrupts.ConfigReloadPending = true);
        Interrupts.On(Libc.SigTerm, static () => Interrupts.ShutdownRequestPending = true);
        // SIGINT is ignored: a Ctrl-C at the terminal reaches the whole process group, and the postmaster
        // decides what a fast shutdown means for each child.
        Interrupts.Ignore(Libc.SigInt);
        Interrupts.On(Libc.SigUsr2, static () => Interrupts.ShutdownRequestPending = true);
        Interrupts.On(Libc.SigQuit, static () => Libc.ExitImmediately(2));
        Interrupts.Ignore(Libc.SigUsr1);
        Interrupts.Ignore(Libc.SigUrg);
        // Handlers are in place: tell the postmaster, which holds back signals until then.
        Libc.SendPacket(ctx.Args.ControlFd, "R"u8);
        Libc.Close(ctx.Args.ControlFd);
        ProcGlobal.ClaimAuxSlot(type);
        // As in PostgreSQL, the logical replication launcher runs as the bootstrap superuser.
        var user = type == BackendType.LogicalReplicationLauncher
            ? Tusk.Catalog.SharedCatalog.FindRole(Tusk.Catalog.CatalogOids.BootstrapSuperuser)
            : null;
        BackendStatus.ReportStart(type, TypeIO.ToPgMicros(DateTime.UtcNow), 0, null, user?.Oid ?? 0, user?.Name, null,
            0, null, 0);
        try
        {
            while (true)
            {
                Latch.Reset();
                if (Interrupts.ShutdownRequestPending)
                {
                    onShutdown?.Invoke();
                    return 0;
                }
                ctx.ReloadIfPending();
                round?.Invoke();
                // A round may have reset the latch itself (a spread checkpoint naps on it): do not sleep through
                // a request that arrived meanwhile.
                if (!Interrupts.ShutdownRequestPending && !Interrupts.ConfigReloadPending)
                {
                    Latch.Wait(naptimeMs(), waitEvent);
                }
            }
        }
        finally
        {
            BackendStatus.ReportEnd();
            ProcGlobal.ReleaseMySlot();
        }
    }
}
