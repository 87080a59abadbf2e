// PGPROC (proc.h): one slot per process that touches shared memory. A slot holds the process's latch,
// its LWLock wait-queue links and semaphore, and pending-signal flags. Field ownership:
//   Pid, BackendType, DatabaseOid, RoleOid, CancelKey: written by the owner at start, read by anyone.
//   Latch*: any process sets, only the owner resets and waits.
//   Lw*: protected by the wait-list lock of the LWLock the process waits on.
//   NextFree: protected by ProcGlobal's freelist spinlock.
using System.Runtime.InteropServices;

namespace Tusk.Storage.Lmgr;

/// <summary>A process slot in shared memory (128 bytes, two cache lines).</summary>
[StructLayout(LayoutKind.Sequential, Size = 128)]
public struct PgProc
{
    /// <summary>Owner's pid; 0 when the slot is free.</summary>
    public int Pid;
    /// <summary>Common.Utils.BackendType of the owner.</summary>
    public int BackendType;
    /// <summary>Latch futex word: 1 when set.</summary>
    public int LatchIsSet;
    /// <summary>1 while the owner sleeps on the futex, 2 while it sleeps in poll (needs SIGURG).</summary>
    public int LatchMaybeSleeping;
    /// <summary>Counting semaphore (futex word) used to sleep on LWLocks.</summary>
    public int Sem;
    /// <summary>LWLock wait state: 0 not waiting, 1 queued, 2 dequeued with a wake-up on its way.</summary>
    public int LwWaiting;
    /// <summary>Mode waited for (LWLockMode).</summary>
    public int LwWaitMode;
    /// <summary>Next proc in the LWLock wait queue, -1 at the end.</summary>
    public int LwNext;
    public int LwPrev;
    /// <summary>wait_event: class in the top byte, event id below (WaitEvents).</summary>
    public uint WaitEventInfo;
    /// <summary>ProcSignal flags set by other processes before a SIGUSR1.</summary>
    public int PendingSignals;
    /// <summary>Secret key of BackendKeyData, checked by cancel requests.</summary>
    public int CancelKey;
    public uint DatabaseOid;
    public uint RoleOid;
    /// <summary>Freelist link (client-backend slots only).</summary>
    public int NextFree;
    public int IsSuperuser;
}
