// Transaction id assignment (varsup.c): the next id to hand out, under XidGenLock. Assigning an id zeroes its
// commit-log and pg_subtrans pages when it is the pages' first, records a subtransaction's parent in pg_subtrans,
// and publishes the id in the proc array before the lock is released, so that no snapshot can miss a transaction
// that has an id, and every subtransaction a snapshot can meet already has its parent recorded.
// Object ids (GetNewObjectId) come from a second counter under OidGenLock. WAL carries them in NEXTOID records
// written ahead, one per 8192 ids (XLogPutNextOid), so no id handed out before a crash is handed out again after it;
// after wrapping around 2^32 the counter skips the ids below 16384 (FirstNormalObjectId), which initdb uses.
// Lock order: XidGenLock, then XactSLRU or SubtransSLRU (one at a time); OidGenLock → WAL insertion.
// Entry points: Request, Attach, Initialize, GetNewTransactionId (top-level, or a subtransaction of a parent),
// ReadNextXid, AdvancePast; InitializeOid, GetNewObjectId, NextOidForCheckpoint, SetNextOid (redo).
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
        public LWLock OidGenLock;
        public uint NextOid;
        /// <summary>Ids left before the next NEXTOID record must be written.</summary>
        public uint OidCount;
    }

    /// <summary>FirstNormalObjectId: ids below are reserved for initdb's objects.</summary>
    public const uint FirstNormalObjectId = 16384;

    /// <summary>VAR_OID_PREFETCH: how many ids one NEXTOID record covers.</summary>
    public const uint OidPrefetch = 8192;


    static Variables* _v;

    public static ShmemRegion Request() => new(RegionName, sizeof(Variables), p =>
    {
        var v = (Variables*)p;
        LWLocks.Initialize(&v->XidGenLock, LWLockTranche.XidGen);
        v->NextXid = TransactionId.FirstNormal;
        LWLocks.Initialize(&v->OidGenLock, LWLockTranche.OidGen);
        v->NextOid = FirstNormalObjectId;
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

    /// <summary>Start-up: the next object id from the last checkpoint; the first assignment logs NEXTOID.</summary>
    public static void InitializeOid(uint nextOid)
    {
        _v->NextOid = nextOid < FirstNormalObjectId ? FirstNormalObjectId : nextOid;
        _v->OidCount = 0;
    }

    /// <summary>Redo of NEXTOID or a checkpoint: ids below <paramref name="nextOid"/> may have been handed out.</summary>
    public static void SetNextOid(uint nextOid)
    {
        LWLocks.Acquire(&_v->OidGenLock, LWLockMode.Exclusive);
        if (nextOid >= FirstNormalObjectId && nextOid > _v->NextOid)
        {
            _v->NextOid = nextOid;
        }
        _v->OidCount = 0;
        LWLocks.Release(&_v->OidGenLock);
    }

    /// <summary>
    /// The next id a checkpoint records: past every id a NEXTOID record already promised (PostgreSQL adds the
    /// prefetched count, so a restart from this checkpoint alone never reuses one).
    /// </summary>
    public static uint NextOidForCheckpoint()
    {
        LWLocks.Acquire(&_v->OidGenLock, LWLockMode.Shared);
        uint next = _v->NextOid + _v->OidCount;
        LWLocks.Release(&_v->OidGenLock);
        return next < FirstNormalObjectId ? FirstNormalObjectId : next;
    }

    /// <summary>GetNewObjectId: an id for a new relation, type, ... (unique only together with a catalog check).</summary>
    public static uint GetNewObjectId()
    {
        LWLocks.Acquire(&_v->OidGenLock, LWLockMode.Exclusive);
        try
        {
            if (_v->NextOid < FirstNormalObjectId)
            {
                // Wrapped around: skip initdb's range.
                _v->NextOid = FirstNormalObjectId;
                _v->OidCount = 0;
            }
            if (_v->OidCount == 0)
            {
                XLogRedo.LogNextOid(_v->NextOid + OidPrefetch);
                _v->OidCount = OidPrefetch;
            }
            uint oid = _v->NextOid++;
            _v->OidCount--;
            return oid;
        }
        finally
        {
            LWLocks.Release(&_v->OidGenLock);
        }
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
