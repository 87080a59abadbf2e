// Client backend process main (postgres.c PostgresMain, with backend_startup.c). A backend is started
// ahead of demand by the postmaster, reports "ready" on its control socket, and waits there for exactly
// one client connection (a descriptor sent with SCM_RIGHTS). It then serves that client until it leaves
// and exits: one process per connection, never reused.
// Signals: SIGINT cancels the running statement; SIGTERM terminates the session (FATAL 57P01); SIGHUP
// reloads settings; SIGQUIT sends FATAL 57P02 to the client and exits at once (crash of another process).
using Tusk.Common.Errors;
using Tusk.Storage.Ipc;
using Tusk.Storage.Port;
using Tusk.Backend.Processes;

namespace Tusk.Backend.Tcop;

/// <summary>Entry point of a client backend process.</summary>
public static class PostgresMain
{
    /// <summary>Set once a client is attached, so SIGQUIT can tell it why the connection ends.</summary>
    static volatile Libpq.PqComm? _client;

    public static int Run(ChildContext ctx)
    {
        ProcessTitle.Set("tusk: backend (idle, pooled)");
        Interrupts.On(Libc.SigInt, static () => Interrupts.QueryCancelPending = true);
        Interrupts.On(Libc.SigTerm, static () => Interrupts.ProcDiePending = true);
        Interrupts.On(Libc.SigHup, static () => Interrupts.ConfigReloadPending = true);
        Interrupts.On(Libc.SigQuit, QuickDie);
        Interrupts.Ignore(Libc.SigUsr1);
        Interrupts.Ignore(Libc.SigUrg);
        Interrupts.Ignore(Libc.SigUsr2);

        int ctl = ctx.Args.ControlFd;
        if (!Libc.SendPacket(ctl, "R"u8))
            return 0; // the postmaster is gone
        int clientFd = WaitForConnection(ctx, ctl);
        Libc.Close(ctl);
        if (clientFd < 0)
            return 0;
        var session = new Session(ctx, clientFd);
        _client = session.Comm;
        return session.Run();
    }

    static int WaitForConnection(ChildContext ctx, int ctl)
    {
        Span<byte> buf = stackalloc byte[16];
        while (true)
        {
            Latch.Reset();
            if (Interrupts.ProcDiePending || Interrupts.ShutdownRequestPending)
                return -1;
            if (Interrupts.ConfigReloadPending)
            {
                Interrupts.ConfigReloadPending = false;
                ctx.Reload();
            }
            Interrupts.QueryCancelPending = false;
            var why = Latch.WaitWithSocket(ctl, -1);
            if ((why & WakeReason.SocketReadable) == 0)
                continue;
            int n = Libc.ReceiveFd(ctl, buf, out int fd);
            if (n <= 0)
                return -1; // the postmaster is gone
            if (fd >= 0)
                return fd;
        }
    }

    /// <summary>SIGQUIT: the postmaster is resetting after a crash. Tell the client and exit without clean-up.</summary>
    static void QuickDie()
    {
        var c = _client;
        if (c != null)
        {
            try
            {
                if (Monitor.TryEnter(c.SendGate, 200))
                {
                    // The main thread may hold a half-built message; the last word goes out on its own.
                    var w = new Libpq.PqComm(c.Fd);
                    Libpq.BackendMessages.ErrorOrNotice(w, true, Severity.Fatal, SqlState.CrashShutdown,
                        "terminating connection because of crash of another server process",
                        "The postmaster has commanded this server process to roll back the current transaction and exit, because another server process exited abnormally and possibly corrupted shared memory.",
                        "In a moment you should be able to reconnect to the database and repeat your command.");
                    w.Flush();
                }
            }
            catch (Exception e) when (e is IOException or PgException)
            {
            }
        }
        Libc.ExitImmediately(2);
    }
}
