// ProcGlobal (proc.c): the array of process slots and the freelist of client-backend slots.
// Layout: header, then PgProc[NumClientSlots + AuxSlots]. Auxiliary processes (checkpointer, bgwriter,
// walwriter, launchers, startup) have fixed slots after the client slots. A backend claims a client slot
// after authentication (InitProcess); none free gives FATAL 53300, as in PostgreSQL.
// A thread may claim a client slot of its own (ClaimThreadSlot): it then takes LWLocks as that slot. Servers
// never do this (a process takes locks on its main thread); tests use it to run many lockers in one process.
// Lock order: the freelist spinlock is a leaf lock (nothing is taken while holding it).
using System.Runtime.InteropServices;
using Tusk.Common.Utils;
using Tusk.Storage.Ipc;

namespace Tusk.Storage.Lmgr;

/// <summary>
/// Process slots in shared memory. Entry points: <see cref="Request"/> (layout), <see cref="AttachRegion"/>,
/// <see cref="ClaimClientSlot"/>, <see cref="ClaimAuxSlot"/>, <see cref="ReleaseMySlot"/>,
/// <see cref="ClaimThreadSlot"/>, <see cref="ReleaseThreadSlot"/>, <see cref="Proc(int)"/>,
/// <see cref="MyProcNumber"/>.
/// </summary>
public static unsafe class ProcGlobal
{
    public const string RegionName = "ProcGlobal";

    /// <summary>Auxiliary process kinds with a fixed slot each, in slot order.</summary>
    public static readonly BackendType[] AuxKinds =
    [
        BackendType.Checkpointer, BackendType.BackgroundWriter, BackendType.WalWriter,
        BackendType.AutovacuumLauncher, BackendType.LogicalReplicationLauncher, BackendType.Startup,
    ];

    [StructLayout(LayoutKind.Sequential, Size = 128)]
    struct Header
    {
        public int FreeListLock;
        public int FreeHead;
        public int FreeCount;
        public int NumClientSlots;
        public int NumProcs;
    }

    static Header* _header;
    static PgProc* _procs;

    static int _myProcNumber = -1;
    // A thread's own slot (plus one, so that 0 means none), from ClaimThreadSlot.
    [ThreadStatic] static int t_threadSlotPlusOne;

    /// <summary>
    /// The calling thread's slot number: its own from <see cref="ClaimThreadSlot"/> if it has one, else this
    /// process's slot, or -1 before the process has one.
    /// </summary>
    public static int MyProcNumber => t_threadSlotPlusOne != 0 ? t_threadSlotPlusOne - 1 : _myProcNumber;

    public static int NumClientSlots => _header->NumClientSlots;

    /// <summary>Client slots free at this moment (HaveNFree).</summary>
    public static int FreeClientSlots => Volatile.Read(ref _header->FreeCount);

    public static ShmemRegion Request(int maxConnections)
    {
        int n = maxConnections + AuxKinds.Length;
        return new ShmemRegion(RegionName, sizeof(Header) + (long)n * sizeof(PgProc), p => Init(p, maxConnections));
    }

    static void Init(byte* region, int maxConnections)
    {
        var h = (Header*)region;
        h->NumClientSlots = maxConnections;
        h->NumProcs = maxConnections + AuxKinds.Length;
        var procs = (PgProc*)(region + sizeof(Header));
        for (int i = 0; i < h->NumProcs; i++)
        {
            procs[i].LwNext = -1;
            procs[i].LwPrev = -1;
            procs[i].NextFree = i + 1 < maxConnections ? i + 1 : -1;
        }
        h->FreeHead = maxConnections > 0 ? 0 : -1;
        h->FreeCount = maxConnections;
        AttachRegion(region);
    }

    public static void AttachRegion(byte* region)
    {
        _header = (Header*)region;
        _procs = (PgProc*)(region + sizeof(Header));
    }

    public static ref PgProc Proc(int procNumber) => ref _procs[procNumber];

    public static PgProc* ProcPtr(int procNumber) => _procs + procNumber;

    public static ref PgProc MyProc => ref _procs[MyProcNumber];

    /// <summary>
    /// Claims a client-backend slot. Returns the slot, -1 when none is free, or -2 when only slots reserved
    /// for superusers are left and the caller is not one.
    /// </summary>
    public static int ClaimClientSlot(bool superuser, int reserved, BackendType type, int cancelKey)
    {
        int slot = TakeFreeSlot(superuser, reserved);
        if (slot < 0)
            return slot;
        InitSlot(slot, type, cancelKey);
        _myProcNumber = slot;
        Latch.OwnSlot(slot);
        return slot;
    }

    /// <summary>
    /// Claims a client slot for the calling thread only (not the process: the process's latch and
    /// <see cref="MyProcNumber"/> on other threads are unchanged). Throws when none is free.
    /// </summary>
    public static int ClaimThreadSlot(BackendType type)
    {
        if (t_threadSlotPlusOne != 0)
            throw new InvalidOperationException("this thread already has a process slot");
        int slot = TakeFreeSlot(true, 0);
        if (slot < 0)
            throw new InvalidOperationException("no free process slot");
        InitSlot(slot, type, 0);
        t_threadSlotPlusOne = slot + 1;
        return slot;
    }

    /// <summary>Gives back the calling thread's own slot (after it released its LWLocks).</summary>
    public static void ReleaseThreadSlot()
    {
        int slot = t_threadSlotPlusOne - 1;
        if (slot < 0)
            return;
        t_threadSlotPlusOne = 0;
        Release(slot);
    }

    static int TakeFreeSlot(bool superuser, int reserved)
    {
        int slot;
        Spinlock.Acquire(&_header->FreeListLock);
        if (_header->FreeHead < 0)
        {
            Spinlock.Release(&_header->FreeListLock);
            return -1;
        }
        if (!superuser && _header->FreeCount <= reserved)
        {
            Spinlock.Release(&_header->FreeListLock);
            return -2;
        }
        slot = _header->FreeHead;
        _header->FreeHead = _procs[slot].NextFree;
        _header->FreeCount--;
        Spinlock.Release(&_header->FreeListLock);
        return slot;
    }

    /// <summary>Takes the fixed slot of an auxiliary process.</summary>
    public static void ClaimAuxSlot(BackendType type)
    {
        int idx = Array.IndexOf(AuxKinds, type);
        if (idx < 0)
            throw new ArgumentException($"{type} has no auxiliary slot");
        int slot = _header->NumClientSlots + idx;
        InitSlot(slot, type, 0);
        _myProcNumber = slot;
        Latch.OwnSlot(slot);
    }

    static void InitSlot(int slot, BackendType type, int cancelKey)
    {
        ref var p = ref _procs[slot];
        p.BackendType = (int)type;
        p.LatchIsSet = 0;
        p.LatchMaybeSleeping = 0;
        p.Sem = 0;
        p.LwWaiting = 0;
        p.LwNext = -1;
        p.LwPrev = -1;
        p.WaitEventInfo = 0;
        p.PendingSignals = 0;
        p.CancelKey = cancelKey;
        p.DatabaseOid = 0;
        p.RoleOid = 0;
        p.IsSuperuser = 0;
        Volatile.Write(ref p.Pid, Environment.ProcessId);
    }

    /// <summary>Tests only: play the process of another claimed slot (several sessions in one test process).</summary>
    internal static void ActAs(int slot) => _myProcNumber = slot;

    /// <summary>Gives this process's slot back (ProcKill). Client slots return to the freelist.</summary>
    public static void ReleaseMySlot()
    {
        int slot = _myProcNumber;
        if (slot < 0 || _header == null)
            return;
        Latch.DisownSlot();
        _myProcNumber = -1;
        Release(slot);
    }

    static void Release(int slot)
    {
        Volatile.Write(ref _procs[slot].Pid, 0);
        if (slot >= _header->NumClientSlots)
            return;
        Spinlock.Acquire(&_header->FreeListLock);
        _procs[slot].NextFree = _header->FreeHead;
        _header->FreeHead = slot;
        _header->FreeCount++;
        Spinlock.Release(&_header->FreeListLock);
    }

    /// <summary>Finds the slot of a live process by pid, or -1.</summary>
    public static int FindByPid(int pid)
    {
        for (int i = 0; i < _header->NumProcs; i++)
            if (Volatile.Read(ref _procs[i].Pid) == pid)
                return i;
        return -1;
    }

    /// <summary>
    /// Postmaster clean-up after a child exited normally: frees any slot it left behind. (A child that dies
    /// abnormally triggers a full shared memory reset instead.)
    /// </summary>
    public static void ReleaseSlotsOf(int pid)
    {
        if (_header == null)
            return;
        for (int i = 0; i < _header->NumProcs; i++)
            if (Volatile.Read(ref _procs[i].Pid) == pid)
                Release(i);
    }
}
