// Lightweight locks (lwlock.c): shared/exclusive locks on shared data structures, with no deadlock
// detection and automatic release on error. One atomic state word per lock:
//   bits 0..23  number of shared holders        bit 24  exclusive holder
//   bit 28      wait-list lock (a spinlock bit) bit 29  release-ok    bit 30  has-waiters
// A waiter queues its process slot on the lock's wait list (under the wait-list bit), re-checks the lock,
// then sleeps on its own semaphore (a futex in its PgProc); releasers wake the waiters at the head of the
// queue: all leading shared waiters, or one exclusive waiter. Woken waiters retry; release-ok stays clear
// until one of them runs, so a burst of releases does not wake a crowd. Lock order is the caller's
// responsibility and is written in each subsystem's README. See Storage/Lmgr/README.md.
using System.Runtime.InteropServices;
using Tusk.Storage.Activity;
using Tusk.Storage.Port;

namespace Tusk.Storage.Lmgr;

public enum LWLockMode
{
    Exclusive = 0,
    Shared = 1,
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
/// <see cref="ConditionalAcquire"/>, <see cref="Release"/>, <see cref="ReleaseAll"/> (error clean-up).
/// </summary>
public static unsafe class LWLocks
{
    const int ValExclusive = 1 << 24;
    const int SharedMask = ValExclusive - 1;
    const int FlagLocked = 1 << 28;
    const int FlagReleaseOk = 1 << 29;
    const int FlagHasWaiters = 1 << 30;
    const int MaxHeld = 200;

    // Locks held by this process, for release on error and for asserting the order in debug builds.
    static readonly nint[] HeldLocks = new nint[MaxHeld];
    static readonly LWLockMode[] HeldModes = new LWLockMode[MaxHeld];
    static int _numHeld;

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
        if (_numHeld >= MaxHeld)
            throw new InvalidOperationException("too many LWLocks taken");
        bool result = true;
        int extraWaits = 0;
        int me = ProcGlobal.MyProcNumber;
        if (me < 0)
            throw new InvalidOperationException("LWLock acquire without a process slot");
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
            uint oldEvent = proc->WaitEventInfo;
            Volatile.Write(ref proc->WaitEventInfo, WaitEvents.LWLock((LWLockTranche)lk->Tranche));
            while (true)
            {
                SemaphoreLock(&proc->Sem);
                if (Volatile.Read(ref proc->LwWaiting) == 0)
                    break;
                extraWaits++;
            }
            Volatile.Write(ref proc->WaitEventInfo, oldEvent);
            Interlocked.Or(ref lk->State, FlagReleaseOk);
            result = false;
        }
        HeldLocks[_numHeld] = (nint)lk;
        HeldModes[_numHeld] = mode;
        _numHeld++;
        while (extraWaits-- > 0)
            SemaphoreUnlock(&proc->Sem);
        return result;
    }

    /// <summary>Takes the lock only if that needs no wait (LWLockConditionalAcquire); returns whether it did.</summary>
    public static bool ConditionalAcquire(LWLock* lk, LWLockMode mode)
    {
        if (_numHeld >= MaxHeld)
            throw new InvalidOperationException("too many LWLocks taken");
        if (!AttemptLock(lk, mode))
            return false;
        HeldLocks[_numHeld] = (nint)lk;
        HeldModes[_numHeld] = mode;
        _numHeld++;
        return true;
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
        proc->LwNext = -1;
        proc->LwPrev = lk->WaitTail;
        if (lk->WaitTail >= 0)
            ProcGlobal.ProcPtr(lk->WaitTail)->LwNext = me;
        else
            lk->WaitHead = me;
        lk->WaitTail = me;
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
        int i = _numHeld - 1;
        while (i >= 0 && HeldLocks[i] != (nint)lk)
            i--;
        if (i < 0)
            throw new InvalidOperationException("lock is not held");
        LWLockMode mode = HeldModes[i];
        for (int j = i; j < _numHeld - 1; j++)
        {
            HeldLocks[j] = HeldLocks[j + 1];
            HeldModes[j] = HeldModes[j + 1];
        }
        _numHeld--;
        int newState = mode == LWLockMode.Exclusive
            ? Interlocked.Add(ref lk->State, -ValExclusive)
            : Interlocked.Add(ref lk->State, -1);
        if ((newState & (FlagHasWaiters | FlagReleaseOk)) == (FlagHasWaiters | FlagReleaseOk)
            && (newState & (ValExclusive | SharedMask)) == 0)
            WakeUp(lk);
    }

    /// <summary>Releases every LWLock this process holds (error recovery, process exit).</summary>
    public static void ReleaseAll()
    {
        while (_numHeld > 0)
            Release((LWLock*)HeldLocks[_numHeld - 1]);
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
            newReleaseOk = false;
            wokeSomebody = true;
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
        for (int i = 0; i < nWake; i++)
        {
            PgProc* w = ProcGlobal.ProcPtr(wake[i]);
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
