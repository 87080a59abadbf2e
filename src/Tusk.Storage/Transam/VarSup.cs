// Transaction id assignment (varsup.c): the next id to hand out, under XidGenLock. Assigning an id zeroes its
// commit-log page when it is the page's first and publishes the id in the proc array before the lock is
// released, so that no snapshot can miss a transaction that has an id.
// Not yet: the next id survives a restart only once checkpoints record it (the checkpointer's part of the
// storage work); until then Initialize takes it from the caller.
// Entry points: Request, Attach, Initialize, GetNewTransactionId, ReadNextXid.
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

    /// <summary>Hands out the next id and publishes it as this process's (sub)transaction (GetNewTransactionId).</summary>
    public static uint GetNewTransactionId(bool isSubTransaction)
    {
        LWLocks.Acquire(&_v->XidGenLock, LWLockMode.Exclusive);
        try
        {
            uint xid = _v->NextXid;
            Clog.ExtendFor(xid);
            _v->NextXid = TransactionId.Advance(xid);
            if (isSubTransaction)
            {
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
