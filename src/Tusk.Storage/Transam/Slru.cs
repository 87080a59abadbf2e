// Simple LRU buffers (slru.c) for small, densely numbered per-transaction data kept in files of their own
// (pg_xact for commit status, pg_subtrans for subtransaction parents). A shared region holds a few 8 KB page
// slots, each with its page number, status and an LRU stamp, under one LWLock. Pages live in segment files of 32
// pages: DIR/0000, DIR/0001, ...
//
// Simplifications, stated: the control lock is held exclusively across page I/O (reads happen only for pages
// not in the slots, which for the commit log means old transactions); PostgreSQL releases it and uses per-slot
// I/O locks. A crash-safe SLRU (pg_xact) writes a page only after WAL up to the latest asynchronous commit is
// flushed (lock order: this lock, then WALWriteLock) and fsyncs at checkpoint; one that is rebuilt at every start
// (pg_subtrans, crashSafe: false) does neither. Entry points: Request, Attach, ReadPage (returns a slot with the
// lock held), ReadPageReadOnly (takes the lock itself), ZeroPage, ZeroNewPage, WriteAll, DeleteSegments, and
// Lock/Unlock for callers that change a page. Every SLRU's files are under the one process-wide DataDirectory.
using System.Runtime.InteropServices;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Page;

namespace Tusk.Storage.Transam;

public sealed unsafe class Slru
{
    public const int PagesPerSegment = 32;
    const int PageSize = BufPage.BlockSize;

    [StructLayout(LayoutKind.Sequential)]
    struct Control
    {
        public LWLock Lock;
        public int NumSlots;
        public long LruCounter;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct Slot
    {
        public long PageNumber;
        /// <summary>0 empty, 1 valid.</summary>
        public int Status;
        public int Dirty;
        public long LastUsed;
    }

    readonly string _name;
    readonly string _dir;
    readonly LWLockTranche _tranche;
    readonly bool _crashSafe;
    Control* _ctl;
    Slot* _slots;
    byte* _pages;

    /// <param name="name">Region name, e.g. "Xact".</param>
    /// <param name="directory">Directory relative to the data directory, e.g. "pg_xact".</param>
    /// <param name="crashSafe">
    /// False for data that is not kept across a restart (pg_subtrans): pages are written without flushing WAL
    /// first and without fsync.
    /// </param>
    public Slru(string name, string directory, LWLockTranche tranche, bool crashSafe = true)
    {
        _name = name;
        _dir = directory;
        _tranche = tranche;
        _crashSafe = crashSafe;
    }

    /// <summary>The data directory every SLRU's files are under (set once at process start).</summary>
    public static string DataDirectory { get; set; } = ".";

    static long Align(long n) => (n + 63) & ~63L;

    public ShmemRegion Request(int slots) => new(
        $"{_name} SLRU",
        Align(sizeof(Control)) + Align((long)slots * sizeof(Slot)) + ((long)slots * PageSize),
        p => Init(p, slots));

    void Init(byte* region, int slots)
    {
        var c = (Control*)region;
        c->NumSlots = slots;
        LWLocks.Initialize(&c->Lock, _tranche);
        Attach(region);
    }

    public void Attach(byte* region)
    {
        _ctl = (Control*)region;
        _slots = (Slot*)(region + Align(sizeof(Control)));
        _pages = region + Align(sizeof(Control)) + Align((long)_ctl->NumSlots * sizeof(Slot));
    }

    public void Attach(SharedMemory shm) => Attach(shm.Region($"{_name} SLRU"));

    public void Lock(LWLockMode mode) => LWLocks.Acquire(&_ctl->Lock, mode);

    public void Unlock() => LWLocks.Release(&_ctl->Lock);

    public byte* PageOf(int slot) => _pages + ((long)slot * PageSize);

    public void MarkDirty(int slot) => _slots[slot].Dirty = 1;

    /// <summary>
    /// The slot holding <paramref name="page"/>, reading it from its file if needed (a page beyond the file reads
    /// as zeros). Caller holds the lock exclusively (shared is enough when the page is known to be cached; this
    /// method takes no chances and requires exclusive when it has to load).
    /// </summary>
    public int ReadPage(long page)
    {
        int slot = Find(page);
        if (slot >= 0)
        {
            _slots[slot].LastUsed = ++_ctl->LruCounter;
            return slot;
        }
        slot = Victim();
        ReadFromFile(page, PageOf(slot));
        _slots[slot] = new Slot { PageNumber = page, Status = 1, Dirty = 0, LastUsed = ++_ctl->LruCounter };
        return slot;
    }

    /// <summary>
    /// The slot holding <paramref name="page"/> for reading (SimpleLruReadPage_ReadOnly). The lock must not be held
    /// on entry and is held on return, shared if the page was cached, exclusive if it had to be loaded; the caller
    /// reads the page, then calls <see cref="Unlock"/>.
    /// </summary>
    public int ReadPageReadOnly(long page)
    {
        Lock(LWLockMode.Shared);
        int cached = Find(page);
        if (cached >= 0)
        {
            return cached;
        }
        Unlock();
        Lock(LWLockMode.Exclusive);
        try
        {
            return ReadPage(page);
        }
        catch
        {
            Unlock();
            throw;
        }
    }

    /// <summary>Looks for a cached page without loading it (a shared lock is enough). Returns -1 if absent.</summary>
    public int Find(long page)
    {
        for (int i = 0; i < _ctl->NumSlots; i++)
        {
            if (_slots[i].Status == 1 && _slots[i].PageNumber == page)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Makes <paramref name="page"/> a new, zeroed page under the exclusive lock, which it takes itself.</summary>
    public void ZeroNewPage(long page)
    {
        Lock(LWLockMode.Exclusive);
        try
        {
            ZeroPage(page);
        }
        finally
        {
            Unlock();
        }
    }

    /// <summary>Makes <paramref name="page"/> a zeroed, dirty page in a slot (a new page). Lock held exclusively.</summary>
    public int ZeroPage(long page)
    {
        int slot = Find(page);
        if (slot < 0)
        {
            slot = Victim();
        }
        new Span<byte>(PageOf(slot), PageSize).Clear();
        _slots[slot] = new Slot { PageNumber = page, Status = 1, Dirty = 1, LastUsed = ++_ctl->LruCounter };
        return slot;
    }

    /// <summary>
    /// Writes every dirty page, and fsyncs the files if the SLRU is crash-safe (checkpoint, shutdown). Takes the
    /// lock itself.
    /// </summary>
    public int WriteAll()
    {
        Lock(LWLockMode.Exclusive);
        try
        {
            int n = 0;
            for (int i = 0; i < _ctl->NumSlots; i++)
            {
                if (_slots[i].Status == 1 && _slots[i].Dirty != 0)
                {
                    WriteToFile(_slots[i].PageNumber, PageOf(i), fsync: _crashSafe);
                    _slots[i].Dirty = 0;
                    n++;
                }
            }
            return n;
        }
        finally
        {
            Unlock();
        }
    }

    /// <summary>Empties every slot without writing (tests; crash reset recreates the region anyway).</summary>
    public void Forget()
    {
        for (int i = 0; i < _ctl->NumSlots; i++)
        {
            _slots[i] = default;
        }
    }

    /// <summary>
    /// Deletes the segment files for which <paramref name="remove"/> (given the segment number) is true and forgets
    /// their cached pages without writing them (SimpleLruTruncate). Takes the lock itself; returns the files deleted.
    /// </summary>
    public int DeleteSegments(Func<long, bool> remove)
    {
        Lock(LWLockMode.Exclusive);
        try
        {
            for (int i = 0; i < _ctl->NumSlots; i++)
            {
                if (_slots[i].Status == 1 && remove(_slots[i].PageNumber / PagesPerSegment))
                {
                    _slots[i] = default;
                }
            }
            string dir = Path.Combine(DataDirectory, _dir);
            if (!Directory.Exists(dir))
            {
                return 0;
            }
            int deleted = 0;
            foreach (string path in Directory.EnumerateFiles(dir))
            {
                string file = Path.GetFileName(path);
                if (file.Length == 4 && long.TryParse(file, System.Globalization.NumberStyles.AllowHexSpecifier,
                        System.Globalization.CultureInfo.InvariantCulture, out long segment) && remove(segment))
                {
                    File.Delete(path);
                    deleted++;
                }
            }
            return deleted;
        }
        finally
        {
            Unlock();
        }
    }

    int Victim()
    {
        int best = -1;
        for (int i = 0; i < _ctl->NumSlots; i++)
        {
            if (_slots[i].Status == 0)
            {
                return i;
            }
            if (best < 0 || _slots[i].LastUsed < _slots[best].LastUsed)
            {
                best = i;
            }
        }
        if (_slots[best].Dirty != 0)
        {
            WriteToFile(_slots[best].PageNumber, PageOf(best), fsync: false);
        }
        _slots[best] = default;
        return best;
    }

    string SegmentPath(long page) =>
        Path.Combine(DataDirectory, _dir, $"{page / PagesPerSegment:X4}");

    void ReadFromFile(long page, byte* into)
    {
        var span = new Span<byte>(into, PageSize);
        span.Clear();
        string path = SegmentPath(page);
        if (!File.Exists(path))
        {
            return;
        }
        using var h = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.Read(h, span, (page % PagesPerSegment) * PageSize);
    }

    void WriteToFile(long page, byte* from, bool fsync)
    {
        // WAL before the commit log: a page may say "committed" for an asynchronous commit whose record is not on
        // disk yet; after a crash that transaction must not look committed with its changes lost. (Synchronous
        // commits flushed their record before setting the status.)
        if (_crashSafe && XLog.InsertAllowed && XLog.AsyncXactLsn.IsValid)
        {
            XLog.Flush(XLog.AsyncXactLsn);
        }
        string path = SegmentPath(page);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var h = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.Write(h, new ReadOnlySpan<byte>(from, PageSize), (page % PagesPerSegment) * PageSize);
        if (fsync)
        {
            Port.Libc.Fsync(h, path);
        }
    }
}
