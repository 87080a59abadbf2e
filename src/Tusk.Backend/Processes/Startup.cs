// Startup process (startup.c, xlog.c StartupXLOG): the first child the postmaster starts, at every start and after
// every crash reset, before any other process touches shared data. It replays WAL from the last checkpoint
// (StartupXLog.Recover), runs the end-of-recovery checkpoint if it replayed anything (so the next crash starts from
// here), or marks the cluster in production, and exits 0. The postmaster accepts connections only after that; any
// other exit stops the server ("aborting startup due to startup process failure").
// Signals: SIGQUIT exits at once; SIGTERM/SIGINT are left at their default (the postmaster stops us only when
// the whole server is going down).
using Tusk.Common.Elog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Common.Utils;
using Tusk.Storage.Activity;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Port;
using Tusk.Storage.Transam;

namespace Tusk.Backend.Processes;

public static class Startup
{
    public static int Run(ChildContext ctx)
    {
        ProcessTitle.Set("tusk: startup");
        Interrupts.On(Libc.SigQuit, static () => Libc.ExitImmediately(2));
        Interrupts.Ignore(Libc.SigHup);
        Interrupts.Ignore(Libc.SigUsr1);
        Interrupts.Ignore(Libc.SigUsr2);
        Libc.SendPacket(ctx.Args.ControlFd, "R"u8);
        Libc.Close(ctx.Args.ControlFd);
        ProcGlobal.ClaimAuxSlot(BackendType.Startup);
        BackendStatus.ReportStart(BackendType.Startup, TypeIO.ToPgMicros(DateTime.UtcNow), 0, null, 0, null, null, 0, null, 0);
        try
        {
            try
            {
                StartupXLog.Recover(ctx.Args.DataDir, Log.Info, ctx.Settings.GetBool("log_checkpoints"));
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                Log.Write(Severity.Fatal, e.Message);
                return 1;
            }
        }
        finally
        {
            BackendStatus.ReportEnd();
            ProcGlobal.ReleaseMySlot();
        }
    }
}
