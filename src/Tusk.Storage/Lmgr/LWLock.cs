// Lightweight locks (lwlock.c): shared/exclusive locks on shared data structures, with no deadlock
// detection and automatic release on error. One atomic state word per lock:
//   bits 0..23  number of shared holders        bit 24  exclusive holder
//   bit 28      wait-list lock (a spinlock bit) bit 29  release-ok    bit 30  has-waiters
// A waiter queues its process slot on the lock's wait list (under the wait-list bit), re-checks the lock,
// then sleeps on its own semaphore (a futex in its PgProc); releasers wake the waiters at the head of the
// queue: all leading shared waiters, or one exclusive waiter. Woken waiters retry; release-ok stays clear
// until one of them runs, so a burst of releases does not wake a crowd. Waiters that only wait for the lock
// to become free (AcquireOrWait, WaitForVar: PostgreSQL's LW_WAIT_UNTIL_FREE) queue at the head, are all
// woken by a release or by UpdateVar, and do not retry. Lock order is the caller's responsibility and is
// written in each subsystem's README. See Storage/Lmgr/README.md.
using System.Runtime.InteropServices;
using Tusk.Storage.Activity;
using Tusk.Storage.Port;

namespace Tusk.Storage.Lmgr;

public enum LWLockMode
{
    Exclusive = 0,
    Shared = 1,
    /// <summary>Only as a waiter's mode (AcquireOrWait, WaitForVar): wait until the lock is free; never an
    /// argument of <see cref="LWLocks.Acquire"/>.</summary>
    WaitUntilFree = 2,
}

/// <summary>A lightweight lock in shared memory (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
public struct LWLock
{
    public int State;
    /// <summary>Tranche id (LWLockTranche), shown as wait_event while waiting.</summary>
    public int Tranche;
    /// <summary>First and last waiting proc numbers, -1 when empty; protected by the wait-list bit.</summary>
    public int WaitHead;
    public int WaitTail;
}

/// <summary>
/// Acquire and release of LWLocks. Entry points: <see cref="Initialize"/>, <see cref="Acquire"/>,
/// <see cref="ConditionalAcquire"/>, <see cref="AcquireOrWait"/>, <see cref="Release"/>, <see cref="ReleaseAll"/>
/// (error clean-up), and the lock-with-variable calls <see cref="WaitForVar"/>, <see cref="UpdateVar"/>,
/// <see cref="ReleaseClearVar"/>.
/// </summary>
public static unsafe class LWLocks
{
    const int ValExclusive = 1 << 24;
    const int SharedMask = ValExclusive - 1;
    const int FlagLocked = 1 << 28;
    const int FlagReleaseOk = 1 << 29;
    const int FlagHasWaiters = 1 << 30;
    const int MaxHeld = 200;

    // Locks held by this thread (in a server process: by the process, which takes locks on its main thread
    // only; a test or helper thread with a slot of its own from ProcGlobal.ClaimThreadSlot keeps its own list),
    // for release on error and for asserting the order in debug builds.
    [ThreadStatic] static nint[]? t_heldLocks;
    [ThreadStatic] static LWLockMode[]? t_heldModes;
    [ThreadStatic] static int t_numHeld;

    public static void Initialize(LWLock* lk, LWLockTranche tranche)
    {
        lk->State = FlagReleaseOk;
        lk->Tranche = (int)tranche;
        lk->WaitHead = -1;
        lk->WaitTail = -1;
    }

    /// <summary>
    /// Takes the lock in the given mode, sleeping if necessary. Returns true if it was free at once.
    /// The caller must have a process slot.
    /// </summary>
    public static bool Acquire(LWLock* lk, LWLockMode mode)
    {
        if (mode == LWLockMode.WaitUntilFree)
            throw new ArgumentOutOfRangeException(nameof(mode));
        bool result = true;
        int extraWaits = 0;
        int me = CheckCanAcquire();
        PgProc* proc = ProcGlobal.ProcPtr(me);
        while (true)
        {
            if (AttemptLock(lk, mode))
                break;
            // A short spin first: on two cores a holder usually releases within a few microseconds.
            bool got = false;
            for (int i = 0; i < 30 && !got; i++)
            {
                Thread.SpinWait(20);
                got = AttemptLock(lk, mode);
            }
            if (got)
                break;
            QueueSelf(lk, mode, me, proc);
            if (AttemptLock(lk, mode))
            {
                extraWaits += DequeueSelf(lk, proc);
                break;
            }
            extraWaits += Sleep(lk, proc);
            Interlocked.Or(ref lk->State, FlagReleaseOk);
            result = false;
        }
        Remember(lk, mode);
        while (extraWaits-- > 0)
            SemaphoreUnlock(&proc->Sem);
        return result;
    }

    /// <summary>Takes the lock only if that needs no wait (LWLockConditionalAcquire); returns whether it did.</summary>
    public static bool ConditionalAcquire(LWLock* lk, LWLockMode mode)
    {
        if (mode == LWLockMode.WaitUntilFree)
            throw new ArgumentOutOfRangeException(nameof(mode));
        if (t_numHeld >= MaxHeld)
            throw new InvalidOperationException("too many LWLocks taken");
        if (!AttemptLock(lk, mode))
            return false;
        Remember(lk, mode);
        return true;
    }

    /// <summary>
    /// LWLockAcquireOrWait: takes the lock if it is free and returns true; otherwise waits until it is free
    /// and returns false without taking it. For a caller whose work the holder may do for it (the WAL flush:
    /// after the wait, the caller checks whether its WAL was flushed meanwhile).
    /// </summary>
    public static bool AcquireOrWait(LWLock* lk, LWLockMode mode)
    {
        if (mode == LWLockMode.WaitUntilFree)
            throw new ArgumentOutOfRangeException(nameof(mode));
        int me = CheckCanAcquire();
        PgProc* proc = ProcGlobal.ProcPtr(me);
        int extraWaits = 0;
        bool mustWait = !AttemptLock(lk, mode);
        if (mustWait)
        {
            QueueSelf(lk, LWLockMode.WaitUntilFree, me, proc);
            mustWait = !AttemptLock(lk, mode);
            if (mustWait)
                extraWaits += Sleep(lk, proc);
            else
                extraWaits += DequeueSelf(lk, proc);
        }
        if (!mustWait)
            Remember(lk, mode);
        while (extraWaits-- > 0)
            SemaphoreUnlock(&proc->Sem);
        return !mustWait;
    }

    /// <summary>
    /// LWLockWaitForVar: waits until the lock is free (returns true) or, while it is held exclusively, until
    /// <paramref name="valPtr"/> differs from <paramref name="oldVal"/> (returns false with the new value).
    /// The holder changes the variable with <see cref="UpdateVar"/>. Used by the WAL insertion locks, whose
    /// variable is how far the holder's insertion has got.
    /// </summary>
    public static bool WaitForVar(LWLock* lk, ulong* valPtr, ulong oldVal, out ulong newVal)
    {
        int me = CheckCanAcquire();
        PgProc* proc = ProcGlobal.ProcPtr(me);
        int extraWaits = 0;
        bool free;
        newVal = oldVal;
        while (ConflictsWithVar(lk, valPtr, oldVal, ref newVal, out free))
        {
            QueueSelf(lk, LWLockMode.WaitUntilFree, me, proc);
            // Make sure the next release wakes us (a woken retryer may have cleared release-ok).
            Interlocked.Or(ref lk->State, FlagReleaseOk);
            if (!ConflictsWithVar(lk, valPtr, oldVal, ref newVal, out free))
            {
                extraWaits += DequeueSelf(lk, proc);
                break;
            }
            extraWaits += Sleep(lk, proc);
        }
        while (extraWaits-- > 0)
            SemaphoreUnlock(&proc->Sem);
        return free;
    }

    static bool ConflictsWithVar(LWLock* lk, ulong* valPtr, ulong oldVal, ref ulong newVal, out bool free)
    {
        free = (Volatile.Read(ref lk->State) & ValExclusive) == 0;
        if (free)
            return false;
        ulong v = Volatile.Read(ref *valPtr);
        if (v == oldVal)
            return true;
        newVal = v;
        return false;
    }

    /// <summary>
    /// LWLockUpdateVar: the exclusive holder stores a new value and wakes every WaitForVar waiter (they queue at
    /// the head of the wait list).
    /// </summary>
    public static void UpdateVar(LWLock* lk, ulong* valPtr, ulong val)
    {
        Interlocked.Exchange(ref *valPtr, val);
        if ((Volatile.Read(ref lk->State) & FlagHasWaiters) == 0)
            return;
        Span<int> wake = stackalloc int[64];
        int nWake = 0;
        WaitListLock(lk);
        int cur = lk->WaitHead;
        while (cur >= 0 && nWake < wake.Length)
        {
            PgProc* w = ProcGlobal.ProcPtr(cur);
            if (w->LwWaitMode != (int)LWLockMode.WaitUntilFree)
                break;
            int next = w->LwNext;
            Unlink(lk, w);
            w->LwWaiting = 2;
            wake[nWake++] = cur;
            cur = next;
        }
        if (lk->WaitHead < 0)
            Interlocked.And(ref lk->State, ~FlagHasWaiters);
        WaitListUnlock(lk);
        WakeAll(wake[..nWake]);
    }

    /// <summary>LWLockReleaseClearVar: stores <paramref name="val"/> in the variable, then releases the lock.</summary>
    public static void ReleaseClearVar(LWLock* lk, ulong* valPtr, ulong val)
    {
        Interlocked.Exchange(ref *valPtr, val);
        Release(lk);
    }

    /// <summary>True if this thread holds the lock (in any mode).</summary>
    public static bool HeldByMe(LWLock* lk)
    {
        for (int i = 0; i < t_numHeld; i++)
            if (t_heldLocks![i] == (nint)lk)
                return true;
        return false;
    }

    static int CheckCanAcquire()
    {
        if (t_numHeld >= MaxHeld)
            throw new InvalidOperationException("too many LWLocks taken");
        int me = ProcGlobal.MyProcNumber;
        if (me < 0)
            throw new InvalidOperationException("LWLock acquire without a process slot");
        return me;
    }

    static void Remember(LWLock* lk, LWLockMode mode)
    {
        var locks = t_heldLocks ??= new nint[MaxHeld];
        var modes = t_heldModes ??= new LWLockMode[MaxHeld];
        locks[t_numHeld] = (nint)lk;
        modes[t_numHeld] = mode;
        t_numHeld++;
    }

    /// <summary>Sleeps on our semaphore until a waker has taken us off the wait list; returns the extra
    /// wake-ups absorbed meanwhile.</summary>
    static int Sleep(LWLock* lk, PgProc* proc)
    {
        int extra = 0;
        uint oldEvent = proc->WaitEventInfo;
        Volatile.Write(ref proc->WaitEventInfo, WaitEvents.LWLock((LWLockTranche)lk->Tranche));
        while (true)
        {
            SemaphoreLock(&proc->Sem);
            if (Volatile.Read(ref proc->LwWaiting) == 0)
                break;
            extra++;
        }
        Volatile.Write(ref proc->WaitEventInfo, oldEvent);
        return extra;
    }

    static bool AttemptLock(LWLock* lk, LWLockMode mode)
    {
        int old = Volatile.Read(ref lk->State);
        while (true)
        {
            int desired;
            if (mode == LWLockMode.Exclusive)
            {
                if ((old & (ValExclusive | SharedMask)) != 0)
                    return false;
                desired = old | ValExclusive;
            }
            else
            {
                if ((old & ValExclusive) != 0)
                    return false;
                desired = old + 1;
            }
            int seen = Interlocked.CompareExchange(ref lk->State, desired, old);
            if (seen == old)
                return true;
            old = seen;
        }
    }

    static void WaitListLock(LWLock* lk)
    {
        int spins = 0;
        while (true)
        {
            int old = Interlocked.Or(ref lk->State, FlagLocked);
            if ((old & FlagLocked) == 0)
                return;
            while ((Volatile.Read(ref lk->State) & FlagLocked) != 0)
            {
                if (++spins < 100)
                    Thread.SpinWait(10);
                else
                {
                    Thread.Yield();
                    spins = 0;
                }
            }
        }
    }

    static void WaitListUnlock(LWLock* lk) => Interlocked.And(ref lk->State, ~FlagLocked);

    static void QueueSelf(LWLock* lk, LWLockMode mode, int me, PgProc* proc)
    {
        WaitListLock(lk);
        Interlocked.Or(ref lk->State, FlagHasWaiters);
        proc->LwWaiting = 1;
        proc->LwWaitMode = (int)mode;
        if (mode == LWLockMode.WaitUntilFree)
        {
            // At the head: UpdateVar wakes exactly the leading run of such waiters.
            proc->LwPrev = -1;
            proc->LwNext = lk->WaitHead;
            if (lk->WaitHead >= 0)
                ProcGlobal.ProcPtr(lk->WaitHead)->LwPrev = me;
            else
                lk->WaitTail = me;
            lk->WaitHead = me;
        }
        else
        {
            proc->LwNext = -1;
            proc->LwPrev = lk->WaitTail;
            if (lk->WaitTail >= 0)
                ProcGlobal.ProcPtr(lk->WaitTail)->LwNext = me;
            else
                lk->WaitHead = me;
            lk->WaitTail = me;
        }
        WaitListUnlock(lk);
    }

    /// <summary>Removes this process from the wait list; returns 1 if a wake-up was absorbed instead.</summary>
    static int DequeueSelf(LWLock* lk, PgProc* proc)
    {
        WaitListLock(lk);
        bool onList = Volatile.Read(ref proc->LwWaiting) == 1;
        if (onList)
        {
            Unlink(lk, proc);
            if (lk->WaitHead < 0)
                Interlocked.And(ref lk->State, ~FlagHasWaiters);
        }
        WaitListUnlock(lk);
        if (onList)
        {
            proc->LwWaiting = 0;
            return 0;
        }
        // Somebody dequeued us and has woken (or will wake) us: absorb that wake-up. That waker cleared
        // release-ok for us; we will not retry through the sleep path, so set it again here or the next
        // release would skip waking the rest of the queue.
        Interlocked.Or(ref lk->State, FlagReleaseOk);
        int extra = 0;
        while (true)
        {
            SemaphoreLock(&proc->Sem);
            if (Volatile.Read(ref proc->LwWaiting) == 0)
                break;
            extra++;
        }
        return extra;
    }

    static void Unlink(LWLock* lk, PgProc* proc)
    {
        if (proc->LwPrev >= 0)
            ProcGlobal.ProcPtr(proc->LwPrev)->LwNext = proc->LwNext;
        else
            lk->WaitHead = proc->LwNext;
        if (proc->LwNext >= 0)
            ProcGlobal.ProcPtr(proc->LwNext)->LwPrev = proc->LwPrev;
        else
            lk->WaitTail = proc->LwPrev;
        proc->LwNext = -1;
        proc->LwPrev = -1;
    }

    /// <summary>Releases a lock held by this process.</summary>
    public static void Release(LWLock* lk)
    {
        var locks = t_heldLocks;
        var modes = t_heldModes;
        int i = t_numHeld - 1;
        while (i >= 0 && locks![i] != (nint)lk)
            i--;
        if (i < 0)
            throw new InvalidOperationException("lock is not held");
        LWLockMode mode = modes![i];
        for (int j = i; j < t_numHeld - 1; j++)
        {
            locks![j] = locks[j + 1];
            modes[j] = modes[j + 1];
        }
        t_numHeld--;
        int newState = mode == LWLockMode.Exclusive
            ? Interlocked.Add(ref lk->State, -ValExclusive)
            : Interlocked.Add(ref lk->State, -1);
        if ((newState & (FlagHasWaiters | FlagReleaseOk)) == (FlagHasWaiters | FlagReleaseOk)
            && (newState & (ValExclusive | SharedMask)) == 0)
            WakeUp(lk);
    }

    /// <summary>Number of LWLocks this thread holds.</summary>
    public static int HeldCount => t_numHeld;

    /// <summary>Releases every LWLock this process holds (error recovery, process exit).</summary>
    public static void ReleaseAll()
    {
        while (t_numHeld > 0)
            Release((LWLock*)t_heldLocks![t_numHeld - 1]);
    }

    static void WakeUp(LWLock* lk)
    {
        Span<int> wake = stackalloc int[256];
        int nWake = 0;
        bool newReleaseOk = true;
        bool wokeSomebody = false;
        WaitListLock(lk);
        int cur = lk->WaitHead;
        while (cur >= 0 && nWake < wake.Length)
        {
            PgProc* w = ProcGlobal.ProcPtr(cur);
            int next = w->LwNext;
            if (wokeSomebody && w->LwWaitMode == (int)LWLockMode.Exclusive)
            {
                cur = next;
                continue;
            }
            Unlink(lk, w);
            // Still under the wait-list lock: mark "wake-up pending" so a waiter racing in DequeueSelf
            // knows it is no longer on the list (and must absorb our wake-up instead of unlinking itself).
            w->LwWaiting = 2;
            wake[nWake++] = cur;
            // Waiters for "free" do not retry the lock: they neither hold back further wake-ups nor stop us
            // from waking one exclusive waiter as well.
            if (w->LwWaitMode != (int)LWLockMode.WaitUntilFree)
            {
                newReleaseOk = false;
                wokeSomebody = true;
            }
            if (w->LwWaitMode == (int)LWLockMode.Exclusive)
                break;
            cur = next;
        }
        int old = Volatile.Read(ref lk->State);
        while (true)
        {
            int desired = old & ~FlagLocked;
            desired = newReleaseOk ? desired | FlagReleaseOk : desired & ~FlagReleaseOk;
            if (lk->WaitHead < 0)
                desired &= ~FlagHasWaiters;
            int seen = Interlocked.CompareExchange(ref lk->State, desired, old);
            if (seen == old)
                break;
            old = seen;
        }
        WakeAll(wake[..nWake]);
    }

    /// <summary>Wakes procs already taken off a wait list (LwWaiting 2) after the wait-list lock is dropped.</summary>
    static void WakeAll(ReadOnlySpan<int> procs)
    {
        foreach (int n in procs)
        {
            PgProc* w = ProcGlobal.ProcPtr(n);
            Volatile.Write(ref w->LwWaiting, 0);
            SemaphoreUnlock(&w->Sem);
        }
    }

    /// <summary>PGSemaphoreLock: decrements the counter, sleeping on the futex while it is zero.</summary>
    public static void SemaphoreLock(int* sem)
    {
        while (true)
        {
            int v = Volatile.Read(ref *sem);
            if (v > 0)
            {
                if (Interlocked.CompareExchange(ref *sem, v - 1, v) == v)
                    return;
                continue;
            }
            Libc.FutexWait(sem, 0, -1);
        }
    }

    /// <summary>PGSemaphoreUnlock: increments the counter and wakes one sleeper.</summary>
    public static void SemaphoreUnlock(int* sem)
    {
        Interlocked.Increment(ref *sem);
        Libc.FutexWake(sem, 1);
    }
}
