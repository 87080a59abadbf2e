// LWLock tranches: the name a waiter shows in pg_stat_activity.wait_event (wait_event_type 'LWLock').
namespace Tusk.Storage.Lmgr;

/// <summary>Named groups of LWLocks, as PostgreSQL's BuiltinTrancheIds.</summary>
public enum LWLockTranche
{
    Unknown = 0,
    ProcArray = 1,
    BufferMapping = 2,
    BufferContent = 3,
    WalInsert = 4,
    WalWrite = 5,
    LockManager = 6,
    Test = 7,
    XactSlru = 8,
    XidGen = 9,
    RelationExtension = 10,
    WalBufMapping = 11,
    SubtransSlru = 12,
    OidGen = 13,
    SInval = 14,
}

public static class LWLockTrancheNames
{
    public static string Of(LWLockTranche t) => t switch
    {
        LWLockTranche.ProcArray => "ProcArray",
        LWLockTranche.BufferMapping => "BufferMapping",
        LWLockTranche.BufferContent => "BufferContent",
        LWLockTranche.WalInsert => "WALInsert",
        LWLockTranche.WalWrite => "WALWrite",
        LWLockTranche.LockManager => "LockManager",
        LWLockTranche.Test => "Test",
        LWLockTranche.XactSlru => "XactSLRU",
        LWLockTranche.XidGen => "XidGen",
        LWLockTranche.RelationExtension => "RelationExtension",
        LWLockTranche.WalBufMapping => "WALBufMapping",
        LWLockTranche.SubtransSlru => "SubtransSLRU",
        LWLockTranche.OidGen => "OidGen",
        LWLockTranche.SInval => "SInvalWrite",
        _ => "Unknown",
    };
}
