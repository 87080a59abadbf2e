// The proc array (procarray.c): which transactions are running, for snapshots. One dense entry per process slot
// (PgProc number) with the process's top-level xid, its snapshot xmin and a cache of up to 64 subtransaction ids;
// plus LatestCompletedXid. ProcArrayLock guards it: shared to take a snapshot, exclusive to end a transaction,
// so a snapshot never sees a transaction half-ended. An xid is published here while XidGenLock is held (VarSup),
// so any snapshot taken after an id was handed out either sees it running or sees it ended.
// Entry points: Request, Attach, PublishXid, PublishSubxid, GetSnapshot, EndTransaction, IsRunning.
using System.Runtime.InteropServices;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Transam;

namespace Tusk.Storage.Ipc;

public static unsafe class ProcArray
{
    public const string RegionName = "ProcArray";
    public const int MaxCachedSubxids = 64;

    [StructLayout(LayoutKind.Sequential)]
    struct Header
    {
        public LWLock Lock;
        public int NumProcs;
        public uint LatestCompletedXid;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Entry
    {
        public uint Xid;
        public uint Xmin;
        public int NumSubxids;
        public int Overflowed;
        public fixed uint Subxids[MaxCachedSubxids];
    }

    static Header* _h;
    static Entry* _entries;

    public static ShmemRegion Request(int numProcs) =>
        new(RegionName, sizeof(Header) + ((long)numProcs * sizeof(Entry)), p => Init(p, numProcs));

    static void Init(byte* region, int numProcs)
    {
        var h = (Header*)region;
        LWLocks.Initialize(&h->Lock, LWLockTranche.ProcArray);
        h->NumProcs = numProcs;
        h->LatestCompletedXid = TransactionId.FirstNormal - 1;
        AttachRegion(region);
    }

    /// <summary>
    /// Start-up: every id below <paramref name="nextXid"/> has ended (recovery found the next id); snapshots start
    /// from there.
    /// </summary>
    public static void InitLatestCompleted(uint nextXid)
    {
        LWLocks.Acquire(&_h->Lock, LWLockMode.Exclusive);
        _h->LatestCompletedXid = nextXid == TransactionId.FirstNormal ? TransactionId.FirstNormal - 1 : nextXid - 1;
        LWLocks.Release(&_h->Lock);
    }

    public static void AttachRegion(byte* region)
    {
        _h = (Header*)region;
        _entries = (Entry*)(region + sizeof(Header));
    }

    static Entry* Mine => _entries + ProcGlobal.MyProcNumber;

    /// <summary>This process's running top-level xid, or 0.</summary>
    public static uint MyXid => Mine->Xid;

    /// <summary>Makes this process's top-level xid visible to snapshots. Caller holds XidGenLock.</summary>
    public static void PublishXid(uint xid) => Volatile.Write(ref Mine->Xid, xid);

    /// <summary>Adds a subtransaction id to this process's cache (or marks it overflowed). Caller holds XidGenLock.</summary>
    public static void PublishSubxid(uint xid)
    {
        var e = Mine;
        if (e->NumSubxids < MaxCachedSubxids)
        {
            e->Subxids[e->NumSubxids] = xid;
            Volatile.Write(ref e->NumSubxids, e->NumSubxids + 1);
        }
        else
        {
            Volatile.Write(ref e->Overflowed, 1);
        }
    }

    /// <summary>Takes a snapshot (GetSnapshotData): every transaction running now is in it, none ended.</summary>
    public static Snapshot GetSnapshot()
    {
        var xip = new List<uint>();
        var subxip = new List<uint>();
        bool overflowed = false;
        LWLocks.Acquire(&_h->Lock, LWLockMode.Shared);
        try
        {
            uint xmax = TransactionId.Advance(_h->LatestCompletedXid);
            uint xmin = xmax;
            for (int i = 0; i < _h->NumProcs; i++)
            {
                var e = _entries + i;
                uint xid = Volatile.Read(ref e->Xid);
                if (!TransactionId.IsNormal(xid) || !TransactionId.Precedes(xid, xmax))
                {
                    continue;
                }
                xip.Add(xid);
                if (TransactionId.Precedes(xid, xmin))
                {
                    xmin = xid;
                }
                int n = Volatile.Read(ref e->NumSubxids);
                for (int k = 0; k < n; k++)
                {
                    subxip.Add(e->Subxids[k]);
                }
                overflowed |= e->Overflowed != 0;
            }
            var me = Mine;
            if (!TransactionId.IsValid(me->Xmin))
            {
                me->Xmin = xmin;
            }
            return new Snapshot(xmin, xmax, [.. xip], [.. subxip], overflowed);
        }
        finally
        {
            LWLocks.Release(&_h->Lock);
        }
    }

    /// <summary>
    /// Ends this process's transaction (ProcArrayEndTransaction): clears its xids and snapshot xmin and advances
    /// LatestCompletedXid to <paramref name="latestXid"/> (the highest id of the transaction and its
    /// subtransactions; 0 when it had none). The commit log must already say how it ended.
    /// </summary>
    public static void EndTransaction(uint latestXid)
    {
        var e = Mine;
        if (!TransactionId.IsValid(e->Xid) && e->NumSubxids == 0)
        {
            e->Xmin = TransactionId.Invalid; // read-only: nothing anyone else needs to see change atomically
            return;
        }
        LWLocks.Acquire(&_h->Lock, LWLockMode.Exclusive);
        e->Xid = TransactionId.Invalid;
        e->Xmin = TransactionId.Invalid;
        e->NumSubxids = 0;
        e->Overflowed = 0;
        if (TransactionId.IsNormal(latestXid) && TransactionId.Follows(latestXid, _h->LatestCompletedXid))
        {
            _h->LatestCompletedXid = latestXid;
        }
        LWLocks.Release(&_h->Lock);
    }

    /// <summary>Whether a transaction id is running now (TransactionIdIsInProgress, for writers that must wait).</summary>
    public static bool IsRunning(uint xid)
    {
        LWLocks.Acquire(&_h->Lock, LWLockMode.Shared);
        try
        {
            for (int i = 0; i < _h->NumProcs; i++)
            {
                var e = _entries + i;
                if (e->Xid == xid)
                {
                    return true;
                }
                for (int k = 0; k < e->NumSubxids; k++)
                {
                    if (e->Subxids[k] == xid)
                    {
                        return true;
                    }
                }
            }
            return false;
        }
        finally
        {
            LWLocks.Release(&_h->Lock);
        }
    }

    /// <summary>The entry of another process slot (tests that play several transactions in one process).</summary>
    public static ref Entry EntryOf(int procNumber) => ref _entries[procNumber];
}

/// <summary>
/// An MVCC snapshot: transactions below Xmin had ended when it was taken, those at or above Xmax had not started,
/// and Xip (with their subtransactions in Subxip) were running; <see cref="IsRunning"/> is XidInMVCCSnapshot.
/// </summary>
public sealed class Snapshot(uint xmin, uint xmax, uint[] xip, uint[] subxip, bool subOverflowed)
{
    public uint Xmin { get; } = xmin;

    public uint Xmax { get; } = xmax;

    public uint[] Xip { get; } = xip;

    public uint[] Subxip { get; } = subxip;

    /// <summary>Some process had more than 64 subtransactions: Subxip is incomplete.</summary>
    public bool SubOverflowed { get; } = subOverflowed;

    /// <summary>
    /// Whether <paramref name="xid"/> counts as running for this snapshot (XidInMVCCSnapshot): started at or after
    /// Xmax, or running when the snapshot was taken.
    /// </summary>
    public bool IsRunning(uint xid)
    {
        if (TransactionId.Precedes(xid, Xmin))
        {
            return false;
        }
        if (TransactionId.FollowsOrEquals(xid, Xmax))
        {
            return true;
        }
        if (Array.IndexOf(Xip, xid) >= 0 || Array.IndexOf(Subxip, xid) >= 0)
        {
            return true;
        }
        if (SubOverflowed)
        {
            // Without a subtransaction-to-parent map (pg_subtrans, not built yet) an id between Xmin and Xmax
            // that is not listed cannot be placed; refuse rather than guess.
            throw new InvalidOperationException("snapshot overflowed: more than 64 subtransactions in one transaction");
        }
        return false;
    }
}
