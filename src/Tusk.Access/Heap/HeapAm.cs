// The heap access method (heapam.c): row versions in the slotted pages of a relation's main fork, reached only
// through the shared buffer cache. Insert puts a new version on the relation's current target page (or a new page
// at the end); delete and update stamp the old version's Xmax; update adds the new version and links the old one
// to it through Ctid. Readers check visibility per version against their snapshot (Visibility.SatisfiesMvcc).
//
// Rules: a page is changed only under its exclusive content lock, then marked dirty; hint bits may be set under a
// shared lock (MarkBufferDirtyHint). A scan checks a whole page's versions under one shared lock and then returns
// them from the still-pinned page (page-at-a-time, as heapgetpage): their bytes cannot move while the pin is held,
// since nothing compacts a page that others pin. Every change is WAL-logged under the page's exclusive lock
// (HeapXlog) and the page LSN set to the record's end. Pages with room are found through the free space map
// (Freespace/). Not yet: row locks and waiting for a concurrent writer (the locking issue: a conflicting Xmax is
// reported, not waited for), TOAST (a version must fit on a page).
// Entry points: HeapRelation.Create/Open/Drop/Truncate, Insert (opaque data, or values of a TupleDesc formed by
// Common/HeapTuple), InsertTuple, MultiInsert, Delete, Update, Fetch, BeginScan (HeapScan.Next: data, tuple or
// deformed values).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tusk.Access.Common;
using Tusk.Common.Types;
using Tusk.Common.Errors;
using Tusk.Storage.Buffer;
using Tusk.Storage.Freespace;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Page;
using Tusk.Storage.Smgr;
using Tusk.Storage.Transam;
using Buffer = Tusk.Storage.Buffer.Buffer;

namespace Tusk.Access.Heap;

/// <summary>Where a row version is: block and line pointer (ItemPointerData).</summary>
public readonly record struct ItemPointer(uint Block, ushort Offset)
{
    public override string ToString() => $"({Block},{Offset})";
}

/// <summary>Outcome of a delete or update (TM_Result).</summary>
public enum ModifyResult
{
    Ok,
    /// <summary>Already deleted or updated by the current transaction (in this or an earlier command).</summary>
    SelfModified,
    /// <summary>Deleted or updated by a transaction that committed: the caller's version is not the latest.</summary>
    Updated,
    /// <summary>Being deleted or updated by a transaction still running: the caller must wait (locking issue).</summary>
    BeingModified,
    /// <summary>The version is not visible to the caller (or gone).</summary>
    Invisible,
}

/// <summary>A heap relation as seen by this process: its files and the block new versions go to.</summary>
public sealed unsafe class HeapRelation
{
    const int HeaderSpace = (HeapTupleHeader.Size + 7) & ~7; // user data of an opaque row starts here

    const uint InvalidBlock = FreeSpaceMap.InvalidBlock;

    readonly SmgrRelation _smgr;
    uint _targetBlock = InvalidBlock;
    uint _blocksSeen; // the main fork had at least this many blocks when this process last looked

    HeapRelation(RelFileLocator locator)
    {
        Locator = locator;
        _smgr = Smgr.Open(locator);
    }

    public RelFileLocator Locator { get; }

    /// <summary>Largest version, header included (MaxHeapTupleSize): it must fit on an empty page with its line pointer.</summary>
    public const int MaxTupleSize = BufPage.MaxHeapTupleSize;

    /// <summary>Largest user data a version may have.</summary>
    public const int MaxDataSize = MaxTupleSize - HeaderSpace;

    public static HeapRelation Open(RelFileLocator locator) => new(locator);

    /// <summary>Creates the relation's main fork (heap_create).</summary>
    public static HeapRelation Create(RelFileLocator locator)
    {
        var rel = new HeapRelation(locator);
        rel._smgr.Create(ForkNumber.Main);
        SmgrXlog.LogCreate(locator, ForkNumber.Main);
        return rel;
    }

    /// <summary>Removes the relation's buffers and files (the caller holds it exclusively).</summary>
    public void Drop()
    {
        SmgrXlog.LogUnlink(Locator, ForkNumber.Main);
        FreeSpaceMap.Drop(_smgr);
        BufMgr.DropRelationBuffers(Locator, ForkNumber.Main, 0);
        _smgr.Unlink(ForkNumber.Main);
    }

    /// <summary>Empties the relation (the caller holds it exclusively; TRUNCATE proper makes a new file).</summary>
    public void Truncate()
    {
        SmgrXlog.LogTruncate(Locator, ForkNumber.Main, 0);
        FreeSpaceMap.Truncate(_smgr, 0); // first: the map must not promise blocks the relation no longer has
        BufMgr.DropRelationBuffers(Locator, ForkNumber.Main, 0);
        _smgr.Truncate(ForkNumber.Main, 0);
        _targetBlock = InvalidBlock;
        _blocksSeen = 0;
    }

    public uint NBlocks => _smgr.NBlocks(ForkNumber.Main);

    /// <summary>Inserts a new version made by <paramref name="xid"/> in command <paramref name="cid"/> (heap_insert).</summary>
    public ItemPointer Insert(ReadOnlySpan<byte> data, uint xid, uint cid, int natts = 0)
    {
        int size = HeaderSpace + data.Length;
        CheckTupleSize(size);
        Span<byte> tuple = size <= 1024 ? stackalloc byte[size] : new byte[size];
        tuple[..HeaderSpace].Clear();
        data.CopyTo(tuple[HeaderSpace..]);
        return Put(tuple, HeapTupleHeader.ForInsert(xid, cid, natts, HeaderSpace));
    }

    /// <summary>
    /// Inserts the row <paramref name="values"/> of <paramref name="desc"/>, formed into PostgreSQL's row format
    /// (HeapTuple.Form), as a new version made by <paramref name="xid"/> in command <paramref name="cid"/>.
    /// </summary>
    public ItemPointer Insert(TupleDesc desc, ReadOnlySpan<Datum> values, uint xid, uint cid)
    {
        var shape = HeapTuple.Measure(desc, values);
        CheckTupleSize(shape.Size);
        Span<byte> tuple = shape.Size <= 1024 ? stackalloc byte[shape.Size] : new byte[shape.Size];
        HeapTuple.Form(desc, values, tuple, shape);
        return InsertTuple(tuple, xid, cid);
    }

    /// <summary>
    /// Inserts a formed tuple (header, bitmap, data; as HeapTuple.Form writes it): its attribute count,
    /// HasNulls/HasVarWidth and Hoff are kept, the MVCC fields are set here.
    /// </summary>
    public ItemPointer InsertTuple(ReadOnlySpan<byte> tuple, uint xid, uint cid)
    {
        CheckTupleSize(tuple.Length);
        var formed = MemoryMarshal.Read<HeapTupleHeader>(tuple);
        var header = HeapTupleHeader.ForInsert(xid, cid, formed.Natts, formed.Hoff);
        header.Infomask |= formed.Infomask & (InfoMask.HasNulls | InfoMask.HasVarWidth);
        return Put(tuple, header);
    }

    static void CheckTupleSize(int size)
    {
        if (size > MaxTupleSize)
        {
            Throw.Error(SqlState.ProgramLimitExceeded, $"row is too big: size {size}, maximum size {MaxTupleSize}");
        }
    }

    /// <summary>Adds the tuple to a page with room and writes <paramref name="header"/> over its first bytes.</summary>
    ItemPointer Put(ReadOnlySpan<byte> tuple, HeapTupleHeader header)
    {
        var buffer = BufferForInsert(tuple.Length);
        try
        {
            var page = BufMgr.GetPage(buffer);
            uint block = BufMgr.GetTag(buffer).Block;
            var tid = AddTuple(page, block, tuple, header);
            BufMgr.MarkBufferDirty(buffer);
            HeapXlog.LogInsert(buffer, tid.Offset, header.Xmin);
            return tid;
        }
        finally
        {
            BufMgr.UnlockReleaseBuffer(buffer);
        }
    }

    /// <summary>Adds a tuple to the exclusively locked page and writes its header (Ctid pointing at itself).</summary>
    static ItemPointer AddTuple(BufPage page, uint block, ReadOnlySpan<byte> tuple, HeapTupleHeader header)
    {
        int offset = page.AddItem(tuple);
        if (offset == BufPage.InvalidOffset)
        {
            throw new InvalidOperationException("no room on the page chosen for the insert");
        }
        header.CtidBlock = block;
        header.CtidOffset = (ushort)offset;
        Unsafe.WriteUnaligned(page.GetItemPointer(offset), header);
        return new ItemPointer(block, (ushort)offset);
    }

    /// <summary>
    /// Inserts many versions made by one command (heap_multi_insert, for COPY and bulk loads): each page is filled
    /// with as many as fit and logged with one record. Returns their positions in order.
    /// </summary>
    public ItemPointer[] MultiInsert(IReadOnlyList<byte[]> rows, uint xid, uint cid, int natts = 0)
    {
        foreach (var row in rows)
        {
            CheckTupleSize(HeaderSpace + row.Length);
        }
        // Each row is built behind an empty header in one scratch buffer (nothing allocated per row).
        var scratch = new byte[BufPage.BlockSize];
        MemoryMarshal.Write(scratch, HeapTupleHeader.ForInsert(xid, cid, natts, HeaderSpace));
        return MultiPut(rows.Count, i =>
        {
            rows[i].CopyTo(scratch.AsSpan(HeaderSpace));
            return scratch.AsSpan(0, HeaderSpace + rows[i].Length);
        }, xid, cid);
    }

    /// <summary>
    /// heap_multi_insert of formed tuples (HeapTuple.Form: header, bitmap, data): like InsertTuple for each, with
    /// one WAL record per page filled.
    /// </summary>
    public ItemPointer[] MultiInsertTuples(IReadOnlyList<byte[]> tuples, uint xid, uint cid)
    {
        foreach (var t in tuples)
        {
            CheckTupleSize(t.Length);
        }
        return MultiPut(tuples.Count, i => tuples[i], xid, cid);
    }

    delegate ReadOnlySpan<byte> TupleAt(int index);

    /// <summary>
    /// Places <paramref name="count"/> tuples (each with its formed header: attribute count, Hoff, HasNulls and
    /// HasVarWidth are kept, the MVCC fields set here), filling each page before logging it with one record.
    /// </summary>
    ItemPointer[] MultiPut(int count, TupleAt tupleAt, uint xid, uint cid)
    {
        var tids = new ItemPointer[count];
        var offsets = new ushort[BufPage.BlockSize / BufPage.ItemIdSize];
        int i = 0;
        while (i < count)
        {
            var buffer = BufferForInsert(tupleAt(i).Length);
            try
            {
                var page = BufMgr.GetPage(buffer);
                uint block = BufMgr.GetTag(buffer).Block;
                int n = 0;
                while (i < count)
                {
                    var tuple = tupleAt(i);
                    if (page.ExactFreeSpace < BufPage.MaxAlign(tuple.Length) + BufPage.ItemIdSize)
                    {
                        break;
                    }
                    var formed = MemoryMarshal.Read<HeapTupleHeader>(tuple);
                    var header = HeapTupleHeader.ForInsert(xid, cid, formed.Natts, formed.Hoff);
                    header.Infomask |= formed.Infomask & (InfoMask.HasNulls | InfoMask.HasVarWidth);
                    tids[i] = AddTuple(page, block, tuple, header);
                    offsets[n++] = tids[i++].Offset;
                }
                BufMgr.MarkBufferDirty(buffer);
                HeapXlog.LogMultiInsert(buffer, offsets.AsSpan(0, n), xid);
            }
            finally
            {
                BufMgr.UnlockReleaseBuffer(buffer);
            }
        }
        return tids;
    }

    /// <summary>
    /// A pinned, exclusively locked buffer with room for <paramref name="size"/> bytes (RelationGetBufferForTuple):
    /// the target block if it has room; else a block the free space map says has room, recording the real free
    /// space of each page that turns out too full; with no target and nothing in the map, the last block; else a
    /// new block, whose room left after this insert is recorded in the map for other inserters.
    /// </summary>
    Buffer BufferForInsert(int size)
    {
        int request = BufPage.MaxAlign(size); // what the free space map is asked for (line pointer not included)
        int needed = request + BufPage.ItemIdSize;
        // The remembered target block needs no look at the file or the map.
        uint candidate = _targetBlock;
        bool fromMap = false;
        if (candidate == InvalidBlock)
        {
            candidate = FreeSpaceMap.GetPageWithFreeSpace(_smgr, request);
            fromMap = candidate != InvalidBlock;
            if (!fromMap)
            {
                _blocksSeen = NBlocks;
                candidate = _blocksSeen > 0 ? _blocksSeen - 1 : InvalidBlock;
            }
        }
        while (candidate != InvalidBlock)
        {
            int free = 0; // a block past the end (the map is only a hint) counts as full
            if (!fromMap || candidate < _blocksSeen || candidate < (_blocksSeen = NBlocks))
            {
                var b = BufMgr.ReadBuffer(_smgr, ForkNumber.Main, candidate);
                BufMgr.LockBuffer(b, LWLockMode.Exclusive);
                if (HasRoom(b, needed))
                {
                    _targetBlock = candidate;
                    return b;
                }
                free = BufMgr.GetPage(b).FreeSpace;
                BufMgr.UnlockReleaseBuffer(b);
            }
            candidate = FreeSpaceMap.RecordAndGetPageWithFreeSpace(_smgr, candidate, free, request);
            fromMap = true;
        }
        while (true)
        {
            // Another inserter may reach a new block before us (it is the last block for them, or the map told them
            // of it): then it may already be initialised, or even full.
            var fresh = BufMgr.ExtendBuffer(_smgr, ForkNumber.Main);
            uint block = BufMgr.GetTag(fresh).Block;
            _blocksSeen = Math.Max(_blocksSeen, block + 1);
            bool room = HasRoom(fresh, needed);
            // Map pages are locked only after heap pages (Freespace/README.md), so this may hold the page's lock.
            int left = BufMgr.GetPage(fresh).FreeSpace - (room ? needed : 0);
            FreeSpaceMap.RecordPageWithFreeSpace(_smgr, block, Math.Max(0, left));
            if (room)
            {
                _targetBlock = block;
                return fresh;
            }
            BufMgr.UnlockReleaseBuffer(fresh);
        }
    }

    /// <summary>Initialises the exclusively locked page if it is new; whether it has room for an item.</summary>
    static bool HasRoom(Buffer b, int needed)
    {
        var page = BufMgr.GetPage(b);
        if (page.IsNew)
        {
            BufPage.Init(page.Pointer);
            BufMgr.MarkBufferDirty(b);
        }
        return page.ExactFreeSpace >= needed;
    }

    /// <summary>Reads one version if it is visible (heap_fetch); copies its data into <paramref name="data"/>.</summary>
    public bool Fetch(ItemPointer tid, Snapshot snapshot, ICurrentTransaction me, out byte[] data)
    {
        data = [];
        if (tid.Block >= _smgr.NBlocks(ForkNumber.Main))
        {
            return false;
        }
        var b = BufMgr.ReadBuffer(_smgr, ForkNumber.Main, tid.Block);
        BufMgr.LockBuffer(b, LWLockMode.Shared);
        try
        {
            var page = BufMgr.GetPage(b);
            if (page.IsNew || tid.Offset < 1 || tid.Offset > page.MaxOffset || !page.GetItemId(tid.Offset).IsNormal)
            {
                return false;
            }
            byte* item = page.GetItemPointer(tid.Offset);
            ref var header = ref Unsafe.AsRef<HeapTupleHeader>(item);
            bool visible = Visibility.SatisfiesMvcc(ref header, snapshot, me, ClogCommitLog.Instance, out bool hinted);
            if (hinted)
            {
                BufMgr.MarkBufferDirtyHint(b);
            }
            if (visible)
            {
                data = page.GetItem(tid.Offset)[header.Hoff..].ToArray();
            }
            return visible;
        }
        finally
        {
            BufMgr.UnlockReleaseBuffer(b);
        }
    }

    /// <summary>Marks a version deleted by <paramref name="xid"/> in command <paramref name="cid"/> (heap_delete).</summary>
    public ModifyResult Delete(ItemPointer tid, uint xid, uint cid, Snapshot snapshot, ICurrentTransaction me) =>
        Stamp(tid, xid, cid, snapshot, me, updated: false);

    /// <summary>
    /// Replaces a version with a new one (heap_update): stamps the old one's Xmax first (so a concurrent updater
    /// finds it taken before anything new exists), adds the new version wherever an insert would put it, then
    /// links the old one to it through Ctid. Returns the new version's position in <paramref name="newTid"/>.
    /// </summary>
    public ModifyResult Update(
        ItemPointer tid, ReadOnlySpan<byte> newData, uint xid, uint cid, Snapshot snapshot, ICurrentTransaction me,
        out ItemPointer newTid)
    {
        newTid = default;
        var r = Stamp(tid, xid, cid, snapshot, me, updated: true);
        if (r != ModifyResult.Ok)
        {
            return r;
        }
        newTid = Insert(newData, xid, cid);
        Link(tid, newTid, xid);
        return ModifyResult.Ok;
    }

    /// <summary>
    /// heap_update with a row of <paramref name="desc"/>: the new version is formed in PostgreSQL's row format.
    /// </summary>
    public ModifyResult Update(
        ItemPointer tid, TupleDesc desc, ReadOnlySpan<Datum> values, uint xid, uint cid, Snapshot snapshot,
        ICurrentTransaction me, out ItemPointer newTid)
    {
        newTid = default;
        var tuple = HeapTuple.Form(desc, values);
        CheckTupleSize(tuple.Length);
        var r = Stamp(tid, xid, cid, snapshot, me, updated: true);
        if (r != ModifyResult.Ok)
        {
            return r;
        }
        newTid = InsertTuple(tuple, xid, cid);
        Link(tid, newTid, xid);
        return ModifyResult.Ok;
    }

    /// <summary>Points the updated version at <paramref name="tid"/> at its successor (its Xmax is ours already).</summary>
    void Link(ItemPointer tid, ItemPointer successor, uint xid)
    {
        var b = BufMgr.ReadBuffer(_smgr, ForkNumber.Main, tid.Block);
        BufMgr.LockBuffer(b, LWLockMode.Exclusive);
        try
        {
            ref var header = ref Unsafe.AsRef<HeapTupleHeader>(BufMgr.GetPage(b).GetItemPointer(tid.Offset));
            header.CtidBlock = successor.Block;
            header.CtidOffset = successor.Offset;
            BufMgr.MarkBufferDirty(b);
            HeapXlog.LogMark(b, tid.Offset, xid);
        }
        finally
        {
            BufMgr.UnlockReleaseBuffer(b);
        }
    }

    /// <summary>Stamps Xmax/Cmax on a version visible to the caller and not taken by another writer.</summary>
    ModifyResult Stamp(ItemPointer tid, uint xid, uint cid, Snapshot snapshot, ICurrentTransaction me, bool updated)
    {
        var b = BufMgr.ReadBuffer(_smgr, ForkNumber.Main, tid.Block);
        BufMgr.LockBuffer(b, LWLockMode.Exclusive);
        try
        {
            var page = BufMgr.GetPage(b);
            if (tid.Offset < 1 || tid.Offset > page.MaxOffset || !page.GetItemId(tid.Offset).IsNormal)
            {
                return ModifyResult.Invisible;
            }
            ref var header = ref Unsafe.AsRef<HeapTupleHeader>(page.GetItemPointer(tid.Offset));
            bool visible = Visibility.SatisfiesMvcc(ref header, snapshot, me, ClogCommitLog.Instance, out _);
            if (!header.XmaxIsLockOnlyOrInvalid)
            {
                if (me.IsCurrent(header.Xmax))
                {
                    return ModifyResult.SelfModified;
                }
                if (ProcArray.IsRunning(header.Xmax))
                {
                    return ModifyResult.BeingModified;
                }
                if (Clog.DidCommit(header.Xmax))
                {
                    return ModifyResult.Updated;
                }
                // The deleter aborted: the version is live again.
            }
            if (!visible)
            {
                return ModifyResult.Invisible;
            }
            header.Xmax = xid;
            header.Cmax = cid;
            header.Infomask &= ~(InfoMask.XmaxInvalid | InfoMask.XmaxCommitted | InfoMask.XmaxLockOnly | InfoMask.Updated);
            if (updated)
            {
                header.Infomask |= InfoMask.Updated;
            }
            BufMgr.MarkBufferDirty(b);
            HeapXlog.LogMark(b, tid.Offset, xid);
            return ModifyResult.Ok;
        }
        finally
        {
            BufMgr.UnlockReleaseBuffer(b);
        }
    }

    /// <summary>Starts a sequential scan of the blocks that exist now (heap_beginscan).</summary>
    public HeapScan BeginScan(Snapshot snapshot, ICurrentTransaction me) => new(_smgr, snapshot, me);
}

/// <summary>
/// A sequential scan, a page at a time: visibility is decided for a whole page under one shared lock, then the
/// visible versions are returned from the pinned page. Dispose releases the pin.
/// </summary>
public sealed unsafe class HeapScan : IDisposable
{
    readonly SmgrRelation _smgr;
    readonly Snapshot _snapshot;
    readonly ICurrentTransaction _me;
    readonly uint _nblocks;
    readonly int[] _visible = new int[BufPage.BlockSize / BufPage.ItemIdSize];
    uint _block;
    int _count;
    int _index;
    Buffer _buffer = Buffer.Invalid;

    internal HeapScan(SmgrRelation smgr, Snapshot snapshot, ICurrentTransaction me)
    {
        _smgr = smgr;
        _snapshot = snapshot;
        _me = me;
        _nblocks = smgr.NBlocks(ForkNumber.Main);
    }

    /// <summary>
    /// The next visible version: its position and its user data (after Hoff), valid until the next call (the bytes
    /// are in the shared page, pinned by the scan).
    /// </summary>
    public bool Next(out ItemPointer tid, out ReadOnlySpan<byte> data)
    {
        bool found = NextTuple(out tid, out var tuple);
        data = found ? tuple[tuple[HeapTupleHeader.HoffOffset]..] : default;
        return found;
    }

    /// <summary>
    /// The next visible version deformed into <paramref name="values"/> (HeapTuple.Deform): by-reference values
    /// point into <paramref name="tuple"/>, the version in the pinned page, valid until the next call.
    /// </summary>
    public bool Next(TupleDesc desc, Span<Datum> values, out ItemPointer tid, out ReadOnlySpan<byte> tuple)
    {
        if (!NextTuple(out tid, out tuple))
        {
            return false;
        }
        HeapTuple.Deform(tuple, desc, values);
        return true;
    }

    /// <summary>The next visible version, header included, valid until the next call.</summary>
    public bool NextTuple(out ItemPointer tid, out ReadOnlySpan<byte> tuple)
    {
        while (true)
        {
            if (_index < _count)
            {
                int offset = _visible[_index++];
                var page = BufMgr.GetPage(_buffer);
                tuple = page.GetItem(offset);
                tid = new ItemPointer(_block - 1, (ushort)offset);
                return true;
            }
            if (_block >= _nblocks)
            {
                Release();
                tid = default;
                tuple = default;
                return false;
            }
            LoadPage(_block++);
        }
    }

    void LoadPage(uint block)
    {
        Release();
        _buffer = BufMgr.ReadBuffer(_smgr, ForkNumber.Main, block);
        BufMgr.LockBuffer(_buffer, LWLockMode.Shared);
        var page = BufMgr.GetPage(_buffer);
        _count = 0;
        _index = 0;
        bool hinted = false;
        int max = page.IsNew ? 0 : page.MaxOffset;
        for (int off = 1; off <= max; off++)
        {
            if (!page.GetItemId(off).IsNormal)
            {
                continue;
            }
            ref var header = ref Unsafe.AsRef<HeapTupleHeader>(page.GetItemPointer(off));
            if (Visibility.SatisfiesMvcc(ref header, _snapshot, _me, ClogCommitLog.Instance, out bool h))
            {
                _visible[_count++] = off;
            }
            hinted |= h;
        }
        if (hinted)
        {
            BufMgr.MarkBufferDirtyHint(_buffer);
        }
        BufMgr.UnlockBuffer(_buffer);
    }

    void Release()
    {
        if (_buffer.IsValid)
        {
            BufMgr.ReleaseBuffer(_buffer);
            _buffer = Buffer.Invalid;
        }
    }

    public void Dispose() => Release();
}
