// Transaction id assignment (varsup.c): the next id to hand out, under XidGenLock. Assigning an id zeroes its
// commit-log and pg_subtrans pages when it is the pages' first, records a subtransaction's parent in pg_subtrans,
// and publishes the id in the proc array before the lock is released, so that no snapshot can miss a transaction
// that has an id, and every subtransaction a snapshot can meet already has its parent recorded.
// Lock order: XidGenLock, then XactSLRU or SubtransSLRU (one at a time).
// Entry points: Request, Attach, Initialize, GetNewTransactionId (top-level, or a subtransaction of a parent),
// ReadNextXid, AdvancePast.
using System.Runtime.InteropServices;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;

namespace Tusk.Storage.Transam;

public static unsafe class VarSup
{
    public const string RegionName = "TransamVariables";

    [StructLayout(LayoutKind.Sequential)]
    struct Variables
    {
        public LWLock XidGenLock;
        public uint NextXid;
    }

    static Variables* _v;

    public static ShmemRegion Request() => new(RegionName, sizeof(Variables), p =>
    {
        var v = (Variables*)p;
        LWLocks.Initialize(&v->XidGenLock, LWLockTranche.XidGen);
        v->NextXid = TransactionId.FirstNormal;
        _v = v;
    });

    public static void AttachRegion(byte* region) => _v = (Variables*)region;

    /// <summary>Sets the next id (start-up, from the last checkpoint).</summary>
    public static void Initialize(uint nextXid) => _v->NextXid = TransactionId.IsNormal(nextXid) ? nextXid : TransactionId.FirstNormal;

    /// <summary>
    /// Redo: makes sure ids up to <paramref name="xid"/> are never handed out again (every id found in WAL was
    /// assigned before the crash).
    /// </summary>
    public static void AdvancePast(uint xid)
    {
        if (!TransactionId.IsNormal(xid))
        {
            return;
        }
        LWLocks.Acquire(&_v->XidGenLock, LWLockMode.Exclusive);
        if (!TransactionId.Precedes(xid, _v->NextXid))
        {
            _v->NextXid = TransactionId.Advance(xid);
        }
        LWLocks.Release(&_v->XidGenLock);
    }

    public static uint ReadNextXid()
    {
        LWLocks.Acquire(&_v->XidGenLock, LWLockMode.Shared);
        uint x = _v->NextXid;
        LWLocks.Release(&_v->XidGenLock);
        return x;
    }

    /// <summary>Hands out the next id as this process's top-level transaction id (GetNewTransactionId).</summary>
    public static uint GetNewTransactionId() => Assign(TransactionId.Invalid);

    /// <summary>
    /// Hands out the next id as a subtransaction of <paramref name="parentXid"/> (the id of the enclosing
    /// transaction or subtransaction, which must have one already), recording the parent in pg_subtrans before
    /// the id is published.
    /// </summary>
    public static uint GetNewTransactionId(uint parentXid)
    {
        if (!TransactionId.IsNormal(parentXid))
        {
            throw new ArgumentException($"a subtransaction needs its parent's id, not {parentXid}", nameof(parentXid));
        }
        return Assign(parentXid);
    }

    static uint Assign(uint parentXid)
    {
        LWLocks.Acquire(&_v->XidGenLock, LWLockMode.Exclusive);
        try
        {
            uint xid = _v->NextXid;
            Clog.ExtendFor(xid);
            SubTrans.ExtendFor(xid);
            _v->NextXid = TransactionId.Advance(xid);
            if (TransactionId.IsValid(parentXid))
            {
                SubTrans.SetParent(xid, parentXid);
                ProcArray.PublishSubxid(xid);
            }
            else
            {
                ProcArray.PublishXid(xid);
            }
            return xid;
        }
        finally
        {
            LWLocks.Release(&_v->XidGenLock);
        }
    }
}
