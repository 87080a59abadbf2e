// The commit log (clog.c): two status bits per transaction id in pg_xact, through an SLRU. 32768 ids per 8 KB
// page. A page is zeroed when the first id on it is assigned (under XidGenLock), so every assigned id has a page.
// Status changes happen at commit or abort of the owning transaction (its subtransactions first as
// SubCommitted, then the top-level id, then the subtransactions as Committed, as PostgreSQL does so that a
// reader never sees a committed subtransaction of an uncommitted parent).
// Entry points: Request, Attach, ExtendFor, SetTreeStatus, GetStatus, DidCommit, DidAbort, Flush.
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;

namespace Tusk.Storage.Transam;

public enum XidStatus : byte
{
    InProgress = 0,
    Committed = 1,
    Aborted = 2,
    SubCommitted = 3,
}

public static unsafe class Clog
{
    public const int XidsPerByte = 4;
    public const int XidsPerPage = 8192 * XidsPerByte;
    public const int DefaultSlots = 16;

    static readonly Slru Slru = new("Xact", "pg_xact", LWLockTranche.XactSlru);

    public static ShmemRegion Request(int slots = DefaultSlots) => Slru.Request(slots);

    public static void Attach(SharedMemory shm) => Slru.Attach(shm);

    static long PageOf(uint xid) => xid / XidsPerPage;

    /// <summary>Called when <paramref name="xid"/> is assigned: zeroes its page if it is the page's first id.</summary>
    public static void ExtendFor(uint xid)
    {
        if (xid % XidsPerPage != 0)
        {
            return;
        }
        Slru.ZeroNewPage(PageOf(xid));
    }

    public static XidStatus GetStatus(uint xid)
    {
        if (!TransactionId.IsNormal(xid))
        {
            return xid == TransactionId.Invalid ? XidStatus.Aborted : XidStatus.Committed;
        }
        int slot = Slru.ReadPageReadOnly(PageOf(xid));
        var status = Get(Slru.PageOf(slot), xid);
        Slru.Unlock();
        return status;
    }

    public static bool DidCommit(uint xid) => GetStatus(xid) == XidStatus.Committed;

    public static bool DidAbort(uint xid) => GetStatus(xid) == XidStatus.Aborted;

    /// <summary>Records the end of a transaction and its subtransactions (TransactionIdSetTreeStatus).</summary>
    public static void SetTreeStatus(uint xid, ReadOnlySpan<uint> subxids, XidStatus status)
    {
        Slru.Lock(LWLockMode.Exclusive);
        try
        {
            if (status == XidStatus.Committed)
            {
                foreach (uint sub in subxids)
                {
                    Set(sub, XidStatus.SubCommitted);
                }
                Set(xid, XidStatus.Committed);
                foreach (uint sub in subxids)
                {
                    Set(sub, XidStatus.Committed);
                }
            }
            else
            {
                foreach (uint sub in subxids)
                {
                    Set(sub, status);
                }
                Set(xid, status);
            }
        }
        finally
        {
            Slru.Unlock();
        }
    }

    /// <summary>Writes and fsyncs every changed page (checkpoint, shutdown).</summary>
    public static int Flush() => Slru.WriteAll();

    /// <summary>Drops the cached pages (tests: what a crash does to them).</summary>
    public static void ForgetCache()
    {
        Slru.Lock(LWLockMode.Exclusive);
        Slru.Forget();
        Slru.Unlock();
    }

    static void Set(uint xid, XidStatus status)
    {
        int slot = Slru.ReadPage(PageOf(xid));
        byte* p = Slru.PageOf(slot);
        int index = (int)(xid % XidsPerPage);
        int shift = (index % XidsPerByte) * 2;
        byte* b = p + (index / XidsPerByte);
        *b = (byte)((*b & ~(3 << shift)) | ((int)status << shift));
        Slru.MarkDirty(slot);
    }

    static XidStatus Get(byte* page, uint xid)
    {
        int index = (int)(xid % XidsPerPage);
        return (XidStatus)((page[index / XidsPerByte] >> ((index % XidsPerByte) * 2)) & 3);
    }
}
