// Latches (latch.c): a process sleeps until its latch is set, a socket is readable, or a timeout passes.
// The latch word lives in the owner's PgProc (or in private memory before the process has a slot).
// SetLatch: store 1, then wake the owner only if it may be sleeping: FUTEX_WAKE for a futex sleep, and
// SIGURG (whose handler writes this process's eventfd) for a sleep in poll with a socket. Signal handlers
// of the owner set its latch directly and also write the eventfd. Callers loop: ResetLatch, check for
// work, WaitLatch — so a set that races with the reset is never lost.
using System.Runtime.InteropServices;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Port;

namespace Tusk.Storage.Ipc;

[Flags]
public enum WakeReason
{
    None = 0,
    LatchSet = 1,
    SocketReadable = 2,
    Timeout = 4,
    ControlReadable = 8,
}

/// <summary>
/// This process's latch and waits. Entry points: <see cref="Set"/>, <see cref="SetMine"/>, <see cref="Reset"/>,
/// <see cref="Wait"/>, <see cref="WaitWithSocket"/>.
/// </summary>
public static unsafe class Latch
{
    static readonly int* LocalLatch = CreateLocal();
    static int* _myLatch = LocalLatch + 0;
    static int* _myMaybeSleeping = LocalLatch + 1;
    static int _wakeFd = -1;

    static int* CreateLocal()
    {
        var p = (int*)NativeMemory.AllocZeroed(8);
        return p;
    }

    /// <summary>eventfd that signal handlers write to wake a poll; created on first use.</summary>
    public static int WakeFd
    {
        get
        {
            if (_wakeFd < 0)
                _wakeFd = Libc.EventFd();
            return _wakeFd;
        }
    }

    internal static void OwnSlot(int procNumber)
    {
        PgProc* p = ProcGlobal.ProcPtr(procNumber);
        // Carry over a latch set before the slot was taken.
        if (Volatile.Read(ref *_myLatch) != 0)
            Volatile.Write(ref p->LatchIsSet, 1);
        _myLatch = &p->LatchIsSet;
        _myMaybeSleeping = &p->LatchMaybeSleeping;
    }

    internal static void DisownSlot()
    {
        _myLatch = LocalLatch;
        _myMaybeSleeping = LocalLatch + 1;
    }

    /// <summary>Sets this process's own latch (safe from a signal handler thread).</summary>
    public static void SetMine()
    {
        Interlocked.Exchange(ref *_myLatch, 1);
        Libc.FutexWake(_myLatch, int.MaxValue);
        Libc.EventFdSignal(WakeFd);
    }

    /// <summary>Sets another process's latch by slot number.</summary>
    public static void Set(int procNumber)
    {
        if (procNumber == ProcGlobal.MyProcNumber)
        {
            SetMine();
            return;
        }
        PgProc* p = ProcGlobal.ProcPtr(procNumber);
        if (Volatile.Read(ref p->LatchIsSet) != 0)
            return;
        Interlocked.Exchange(ref p->LatchIsSet, 1);
        int sleeping = Volatile.Read(ref p->LatchMaybeSleeping);
        if (sleeping == 0)
            return;
        Libc.FutexWake(&p->LatchIsSet, int.MaxValue);
        if (sleeping == 2)
        {
            int pid = Volatile.Read(ref p->Pid);
            if (pid != 0)
                Libc.Kill(pid, Libc.SigUrg);
        }
    }

    /// <summary>Clears this process's latch (only the owner does this).</summary>
    public static void Reset()
    {
        Interlocked.Exchange(ref *_myLatch, 0);
    }

    /// <summary>Sleeps until the latch is set or the timeout (ms, -1 forever) passes.</summary>
    public static WakeReason Wait(int timeoutMs, uint waitEvent = 0)
    {
        if (Volatile.Read(ref *_myLatch) != 0)
            return WakeReason.LatchSet;
        SetWaitEvent(waitEvent);
        Interlocked.Exchange(ref *_myMaybeSleeping, 1);
        try
        {
            if (Volatile.Read(ref *_myLatch) != 0)
                return WakeReason.LatchSet;
            Libc.FutexWait(_myLatch, 0, timeoutMs);
            return Volatile.Read(ref *_myLatch) != 0 ? WakeReason.LatchSet : WakeReason.Timeout;
        }
        finally
        {
            Volatile.Write(ref *_myMaybeSleeping, 0);
            SetWaitEvent(0);
        }
    }

    /// <summary>
    /// Sleeps until the latch is set, <paramref name="socketFd"/> (or <paramref name="controlFd"/>) is readable,
    /// or the timeout passes (WaitEventSet with WL_LATCH_SET | WL_SOCKET_READABLE | WL_TIMEOUT).
    /// </summary>
    public static WakeReason WaitWithSocket(int socketFd, int timeoutMs, uint waitEvent = 0, int controlFd = -1)
    {
        if (Volatile.Read(ref *_myLatch) != 0)
            return WakeReason.LatchSet;
        SetWaitEvent(waitEvent);
        Interlocked.Exchange(ref *_myMaybeSleeping, 2);
        try
        {
            if (Volatile.Read(ref *_myLatch) != 0)
                return WakeReason.LatchSet;
            Span<Libc.PollFd> fds = stackalloc Libc.PollFd[3];
            fds[0] = new Libc.PollFd { Fd = socketFd, Events = Libc.PollIn };
            fds[1] = new Libc.PollFd { Fd = WakeFd, Events = Libc.PollIn };
            fds[2] = new Libc.PollFd { Fd = controlFd, Events = Libc.PollIn };
            int n = Libc.Poll(controlFd >= 0 ? fds : fds[..2], timeoutMs);
            if ((fds[1].Revents & Libc.PollIn) != 0)
                Libc.EventFdDrain(WakeFd);
            var reason = WakeReason.None;
            if (Volatile.Read(ref *_myLatch) != 0)
                reason |= WakeReason.LatchSet;
            if ((fds[0].Revents & (Libc.PollIn | Libc.PollHup | Libc.PollErr)) != 0)
                reason |= WakeReason.SocketReadable;
            if (controlFd >= 0 && (fds[2].Revents & (Libc.PollIn | Libc.PollHup | Libc.PollErr)) != 0)
                reason |= WakeReason.ControlReadable;
            if (n == 0 && reason == WakeReason.None)
                reason = WakeReason.Timeout;
            return reason;
        }
        finally
        {
            Volatile.Write(ref *_myMaybeSleeping, 0);
            SetWaitEvent(0);
        }
    }

    /// <summary>Publishes what this process waits for (pg_stat_activity), for waits that are not latch waits.</summary>
    internal static void SetWaitEvent(uint ev)
    {
        int me = ProcGlobal.MyProcNumber;
        if (me >= 0)
            Volatile.Write(ref ProcGlobal.ProcPtr(me)->WaitEventInfo, ev);
    }
}
