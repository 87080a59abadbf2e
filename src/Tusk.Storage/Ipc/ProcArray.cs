// The proc array (procarray.c): which transactions are running, for snapshots. One dense entry per process slot
// (PgProc number) with the process's top-level xid, its snapshot xmin and a cache of up to 64 subtransaction ids;
// plus LatestCompletedXid. ProcArrayLock guards it: shared to take a snapshot, exclusive to end a transaction,
// so a snapshot never sees a transaction half-ended. An xid is published here while XidGenLock is held (VarSup),
// so any snapshot taken after an id was handed out either sees it running or sees it ended. A process with more
// than 64 subtransactions marks its entry overflowed; whoever then meets an unlisted id maps it to its top-level
// transaction through pg_subtrans (SubTrans), after releasing ProcArrayLock.
// Entry points: Request, Attach, PublishXid, PublishSubxid, GetSnapshot, EndTransaction, IsRunning,
// OldestConsideredRunning.
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

    /// <summary>
    /// XidCacheRemoveRunningXids: the aborted subtransactions <paramref name="xids"/> leave this process's cache
    /// (their abort is already in the commit log), under ProcArrayLock so that no snapshot sees half the change.
    /// LatestCompletedXid moves past <paramref name="latestXid"/>. An overflowed cache stays overflowed.
    /// </summary>
    public static void RemoveSubxids(ReadOnlySpan<uint> xids, uint latestXid)
    {
        var e = Mine;
        LWLocks.Acquire(&_h->Lock, LWLockMode.Exclusive);
        foreach (uint x in xids)
        {
            for (int i = e->NumSubxids - 1; i >= 0; i--)
            {
                if (e->Subxids[i] == x)
                {
                    e->Subxids[i] = e->Subxids[e->NumSubxids - 1];
                    e->NumSubxids--;
                    break;
                }
            }
        }
        if (TransactionId.IsNormal(latestXid) && TransactionId.Follows(latestXid, _h->LatestCompletedXid))
        {
            _h->LatestCompletedXid = latestXid;
        }
        LWLocks.Release(&_h->Lock);
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

    /// <summary>
    /// Whether a transaction id is running now (TransactionIdIsInProgress, for writers that must wait). An id not
    /// listed while some process's subtransaction cache overflowed is looked up in pg_subtrans: it is running if it
    /// has not ended and its top-level transaction is one of the overflowed processes' running ids.
    /// </summary>
    public static bool IsRunning(uint xid)
    {
        if (!TransactionId.IsNormal(xid))
        {
            return false;
        }
        int numProcs = _h->NumProcs;
        Span<uint> overflowedTops = numProcs <= 128 ? stackalloc uint[numProcs] : new uint[numProcs];
        int numOverflowed = 0;
        LWLocks.Acquire(&_h->Lock, LWLockMode.Shared);
        try
        {
            for (int i = 0; i < numProcs; i++)
            {
                var e = _entries + i;
                uint top = Volatile.Read(ref e->Xid);
                if (top == xid)
                {
                    return true;
                }
                int n = Volatile.Read(ref e->NumSubxids);
                for (int k = 0; k < n; k++)
                {
                    if (e->Subxids[k] == xid)
                    {
                        return true;
                    }
                }
                if (Volatile.Read(ref e->Overflowed) != 0 && TransactionId.IsNormal(top))
                {
                    overflowedTops[numOverflowed++] = top;
                }
            }
        }
        finally
        {
            LWLocks.Release(&_h->Lock);
        }
        return numOverflowed > 0 && IsRunningOverflowedSubxid(xid, overflowedTops[..numOverflowed]);
    }

    /// <summary>
    /// The pg_subtrans part of TransactionIdIsInProgress: <paramref name="xid"/> was not listed; it is running only
    /// as a subtransaction of one of <paramref name="overflowedTops"/>. Called without ProcArrayLock.
    /// </summary>
    static bool IsRunningOverflowedSubxid(uint xid, ReadOnlySpan<uint> overflowedTops)
    {
        uint oldest = overflowedTops[0];
        foreach (uint top in overflowedTops)
        {
            if (TransactionId.Precedes(top, oldest))
            {
                oldest = top;
            }
        }
        // A subtransaction is younger than its top-level transaction; an id that has ended (an aborted
        // subtransaction of a running parent included) is not running.
        if (!TransactionId.Follows(xid, oldest) || Clog.GetStatus(xid) is XidStatus.Committed or XidStatus.Aborted)
        {
            return false;
        }
        uint topmost = SubTrans.GetTopmostTransaction(xid, oldest);
        return topmost != xid && overflowedTops.Contains(topmost);
    }

    /// <summary>
    /// The oldest id any process may still consider running or look up (GetOldestTransactionIdConsideredRunning):
    /// the oldest running top-level id or snapshot xmin, or the next id to complete if there is none. pg_subtrans
    /// before it can go.
    /// </summary>
    public static uint OldestConsideredRunning()
    {
        LWLocks.Acquire(&_h->Lock, LWLockMode.Shared);
        try
        {
            uint oldest = TransactionId.Advance(_h->LatestCompletedXid);
            for (int i = 0; i < _h->NumProcs; i++)
            {
                var e = _entries + i;
                uint xid = Volatile.Read(ref e->Xid);
                uint xmin = Volatile.Read(ref e->Xmin);
                if (TransactionId.IsNormal(xid) && TransactionId.Precedes(xid, oldest))
                {
                    oldest = xid;
                }
                if (TransactionId.IsNormal(xmin) && TransactionId.Precedes(xmin, oldest))
                {
                    oldest = xmin;
                }
            }
            return oldest;
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

    /// <summary>Some process had more than 64 subtransactions: Subxip is incomplete (pg_subtrans fills in).</summary>
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
        if (!SubOverflowed)
        {
            return false;
        }
        // Subxip is incomplete: an unlisted id may be a subtransaction of a listed transaction. Its parents were
        // recorded in pg_subtrans before it was published; follow them to the top-level id and look for that.
        uint topmost = SubTrans.GetTopmostTransaction(xid, Xmin);
        return topmost != xid && !TransactionId.Precedes(topmost, Xmin) && Array.IndexOf(Xip, topmost) >= 0;
    }
}
