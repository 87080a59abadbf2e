// The subtransaction log (subtrans.c): each transaction id's parent, 4 bytes per id in pg_subtrans through a
// second SLRU, 2048 ids per 8 KB page (0 = no parent: a top-level transaction, or an id never assigned since
// start-up). A page is zeroed when the first id on it is assigned and the parent is set before the id is published
// (both under XidGenLock), so every id a snapshot can meet between its xmin and xmax has a valid entry.
// Not crash-safe by design: only running transactions are ever looked up, and none survives a restart, so start-up
// discards the files and zeroes the page of the next id; checkpoints write dirty pages without fsync and delete
// segments older than the oldest transaction still considered running.
// Entry points: Request, Attach, ExtendFor, SetParent, GetParent, GetTopmostTransaction, Startup, Flush, Truncate.
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;

namespace Tusk.Storage.Transam;

public static unsafe class SubTrans
{
    public const int XidsPerPage = 8192 / sizeof(uint);
    public const int DefaultSlots = 32;
    const long XidsPerSegment = (long)XidsPerPage * Slru.PagesPerSegment;

    static readonly Slru Slru = new("Subtrans", "pg_subtrans", LWLockTranche.SubtransSlru, crashSafe: false);

    public static ShmemRegion Request(int slots = DefaultSlots) => Slru.Request(slots);

    public static void Attach(SharedMemory shm) => Slru.Attach(shm);

    static long PageOf(uint xid) => xid / XidsPerPage;

    static uint* EntryOf(int slot, uint xid) => (uint*)Slru.PageOf(slot) + (xid % XidsPerPage);

    /// <summary>
    /// Called when <paramref name="xid"/> is assigned (ExtendSUBTRANS), under XidGenLock: zeroes its page if it is
    /// the page's first id.
    /// </summary>
    public static void ExtendFor(uint xid)
    {
        if (xid % XidsPerPage != 0)
        {
            return;
        }
        Slru.ZeroNewPage(PageOf(xid));
    }

    /// <summary>Records <paramref name="parent"/> as the parent of subtransaction <paramref name="xid"/>.</summary>
    public static void SetParent(uint xid, uint parent)
    {
        if (!TransactionId.IsNormal(parent) || !TransactionId.Precedes(parent, xid))
        {
            throw new ArgumentException($"parent {parent} of subtransaction {xid} must be an older normal id");
        }
        Slru.Lock(LWLockMode.Exclusive);
        try
        {
            int slot = Slru.ReadPage(PageOf(xid));
            uint* entry = EntryOf(slot, xid);
            if (*entry != parent)
            {
                *entry = parent;
                Slru.MarkDirty(slot);
            }
        }
        finally
        {
            Slru.Unlock();
        }
    }

    /// <summary>The parent of <paramref name="xid"/>, or 0 for a top-level transaction (SubTransGetParent).</summary>
    public static uint GetParent(uint xid)
    {
        if (!TransactionId.IsNormal(xid))
        {
            return TransactionId.Invalid;
        }
        int slot = Slru.ReadPageReadOnly(PageOf(xid));
        uint parent = *EntryOf(slot, xid);
        Slru.Unlock();
        return parent;
    }

    /// <summary>
    /// The top-level transaction of <paramref name="xid"/> (SubTransGetTopmostTransaction): follows parents up,
    /// stopping at an id older than <paramref name="xmin"/> (the caller's snapshot xmin: such an id had ended, and
    /// its entry may be gone). Returns <paramref name="xid"/> itself for a top-level id.
    /// </summary>
    public static uint GetTopmostTransaction(uint xid, uint xmin)
    {
        uint current = xid;
        while (!TransactionId.Precedes(current, xmin))
        {
            uint parent = GetParent(current);
            if (!TransactionId.IsValid(parent))
            {
                break;
            }
            if (!TransactionId.Precedes(parent, current))
            {
                throw new InvalidDataException($"pg_subtrans {current} points to parent xid {parent}");
            }
            current = parent;
        }
        return current;
    }

    /// <summary>
    /// Start-up (StartupSUBTRANS), once the next id is known and before anyone assigns one: no transaction from
    /// before the restart is running, so every segment file goes and the page holding <paramref name="nextXid"/>
    /// starts zeroed (later pages are zeroed as ids reach them).
    /// </summary>
    public static void Startup(uint nextXid)
    {
        Slru.DeleteSegments(static _ => true);
        Slru.ZeroNewPage(PageOf(nextXid));
    }

    /// <summary>Writes the changed pages without fsync (CheckPointSUBTRANS); returns how many.</summary>
    public static int Flush() => Slru.WriteAll();

    /// <summary>
    /// Deletes the segments wholly before <paramref name="oldestXid"/>'s (TruncateSUBTRANS): the oldest id any
    /// process may still look up, i.e. no running transaction or snapshot xmin is older. Returns the files deleted.
    /// </summary>
    public static int Truncate(uint oldestXid) =>
        Slru.DeleteSegments(segment => TransactionId.Precedes((uint)(((segment + 1) * XidsPerSegment) - 1), oldestXid));

    /// <summary>Drops the cached pages (tests: what a restart does to them).</summary>
    public static void ForgetCache()
    {
        Slru.Lock(LWLockMode.Exclusive);
        Slru.Forget();
        Slru.Unlock();
    }
}
