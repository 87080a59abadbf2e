// Interrupt flags (miscadmin.h / globals.c): set by signal handlers, acted on by the main thread at safe
// points (CHECK_FOR_INTERRUPTS). A .NET signal handler runs on a thread-pool thread and cannot interrupt
// a blocking call, so every handler sets a flag and then this process's latch.
using System.Runtime.InteropServices;

namespace Tusk.Storage.Ipc;

/// <summary>Process-local interrupt flags and signal registration.</summary>
public static class Interrupts
{
    public static volatile bool QueryCancelPending;
    public static volatile bool ProcDiePending;
    public static volatile bool ConfigReloadPending;
    public static volatile bool ShutdownRequestPending;

    static readonly List<PosixSignalRegistration> Registrations = [];

    /// <summary>
    /// Handles signal <paramref name="signo"/> with <paramref name="handler"/> (on a thread-pool thread),
    /// then sets this process's latch. The default action (termination) never runs.
    /// </summary>
    public static void On(int signo, Action handler)
    {
        // Create the wake-up eventfd here, on the registering (main) thread, before any handler can run:
        // created lazily by a handler thread it could race with the main thread's first poll.
        _ = Latch.WakeFd;
        Registrations.Add(PosixSignalRegistration.Create((PosixSignal)signo, ctx =>
        {
            ctx.Cancel = true;
            handler();
            Latch.SetMine();
        }));
    }

    /// <summary>Ignores a signal (handled, nothing done but a latch wake).</summary>
    public static void Ignore(int signo) => On(signo, static () => { });
}
