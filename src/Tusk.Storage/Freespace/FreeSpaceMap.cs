// The free space map (freespace.c): one byte per heap block saying roughly how much room it has, in the relation's
// FreeSpaceMap fork, a three-level tree of FsmPage trees reached only through the shared buffer cache.
//
// Invariants (README.md): an upper slot is never below the root of the page it stands for, except after a crash or
// a lost race of a search's correction step (records raise upper slots at once; searches lower the ones found too
// high); at most one map page is content-locked at a time and no other content lock is taken meanwhile; a map page
// that is missing, new or fails verification reads as all zero. Not WAL-logged: the map is a hint and callers check
// the page they are given. Entry points: GetPageWithFreeSpace, RecordPageWithFreeSpace,
// RecordAndGetPageWithFreeSpace, GetRecordedFreeSpace, Vacuum, VacuumRange, PrepareTruncateRel, Truncate, Drop.
using Tusk.Common.Elog;
using Tusk.Common.Errors;
using Tusk.Storage.Buffer;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Page;
using Tusk.Storage.Smgr;

namespace Tusk.Storage.Freespace;

using Buffer = Tusk.Storage.Buffer.Buffer;

public static class FreeSpaceMap
{
    /// <summary>No block (InvalidBlockNumber): the map knows of no page with the room asked for.</summary>
    public const uint InvalidBlock = uint.MaxValue;

    /// <summary>Bytes per category (BLCKSZ / 256).</summary>
    public const int CategoryStep = BufPage.BlockSize / 256;

    /// <summary>The largest request (MaxFSMRequestSize = MaxHeapTupleSize): a page this free is category 255.</summary>
    public const int MaxRequestSize = BufPage.MaxHeapTupleSize;

    const int Slots = FsmPage.Slots;
    const int Depth = 3; // Slots^3 > 2^32 heap blocks
    const int RootLevel = Depth - 1;
    const int MaxRestarts = 1000;
    const ForkNumber Fork = ForkNumber.FreeSpaceMap;

    /// <summary>A map page: its level (0 = bottom, slots are heap blocks) and its number within the level.</summary>
    readonly record struct Address(int Level, uint Page);

    static readonly Address Root = new(RootLevel, 0);

    /// <summary>The category recorded for a page with <paramref name="avail"/> free bytes (rounded down).</summary>
    public static byte AvailToCategory(int avail)
    {
        if (avail >= MaxRequestSize)
        {
            return 255;
        }
        return (byte)Math.Clamp(avail / CategoryStep, 0, 254);
    }

    /// <summary>The category a page needs for a request of <paramref name="needed"/> bytes (rounded up, at least 1).</summary>
    public static byte NeededToCategory(int needed)
    {
        if (needed < 0 || needed > MaxRequestSize)
        {
            throw new PgException(SqlState.InternalError, $"invalid FSM request size {needed}");
        }
        return needed == 0 ? (byte)1 : (byte)Math.Min((needed + CategoryStep - 1) / CategoryStep, 255);
    }

    /// <summary>The free bytes a category stands for (at least).</summary>
    public static int CategoryToAvail(byte category) => category * CategoryStep;

    /// <summary>A block that had at least <paramref name="spaceNeeded"/> bytes free when recorded, or InvalidBlock.</summary>
    public static uint GetPageWithFreeSpace(SmgrRelation rel, int spaceNeeded) =>
        Search(rel, NeededToCategory(spaceNeeded));

    /// <summary>
    /// Records that <paramref name="oldBlock"/> has <paramref name="oldSpaceAvail"/> bytes free (it turned out too
    /// full) and returns another block with <paramref name="spaceNeeded"/> bytes, or InvalidBlock. Looks in the same
    /// map page first, under the lock already held for the record.
    /// </summary>
    public static uint RecordAndGetPageWithFreeSpace(SmgrRelation rel, uint oldBlock, int oldSpaceAvail, int spaceNeeded)
    {
        byte min = NeededToCategory(spaceNeeded);
        var addr = BottomAddress(oldBlock, out int slot);
        int found = SetAndSearch(rel, addr, slot, AvailToCategory(oldSpaceAvail), min);
        if (found >= 0 && HeapBlock(addr, found) is { } block)
        {
            return block;
        }
        return Search(rel, min);
    }

    /// <summary>Records that <paramref name="block"/> has <paramref name="spaceAvail"/> bytes free.</summary>
    public static void RecordPageWithFreeSpace(SmgrRelation rel, uint block, int spaceAvail)
    {
        var addr = BottomAddress(block, out int slot);
        SetAndSearch(rel, addr, slot, AvailToCategory(spaceAvail), 0);
    }

    /// <summary>The free space recorded for a block (a multiple of CategoryStep; 0 when nothing is recorded).</summary>
    public static int GetRecordedFreeSpace(SmgrRelation rel, uint block)
    {
        var addr = BottomAddress(block, out int slot);
        var b = ReadFsmBuffer(rel, addr, extend: false);
        if (!b.IsValid)
        {
            return 0;
        }
        BufMgr.LockBuffer(b, LWLockMode.Shared);
        byte category = PageOf(b).Get(slot);
        BufMgr.UnlockReleaseBuffer(b);
        return CategoryToAvail(category);
    }

    /// <summary>Recomputes every upper slot from the pages below it (FreeSpaceMapVacuum).</summary>
    public static void Vacuum(SmgrRelation rel) => VacuumRange(rel, 0, InvalidBlock);

    /// <summary>
    /// Recomputes the upper slots covering heap blocks <paramref name="start"/> up to (not including)
    /// <paramref name="end"/> from the pages below them (FreeSpaceMapVacuumRange); InvalidBlock as end means all.
    /// </summary>
    public static void VacuumRange(SmgrRelation rel, uint start, uint end)
    {
        ulong last = end == InvalidBlock ? ulong.MaxValue : end;
        if (last > start)
        {
            VacuumPage(rel, Root, start, last, out _);
        }
    }

    /// <summary>
    /// Prepares cutting the relation to <paramref name="heapBlocks"/> blocks (FreeSpaceMapPrepareTruncateRel): zeroes
    /// the slots from the new end in its bottom map page and returns how many map blocks to keep, or InvalidBlock
    /// when the map is already no longer than that.
    /// </summary>
    public static uint PrepareTruncateRel(SmgrRelation rel, uint heapBlocks)
    {
        uint fsmBlocks = ForkBlocks(rel);
        if (heapBlocks == 0)
        {
            return fsmBlocks > 0 ? 0 : InvalidBlock; // nothing left to describe: the whole map goes
        }
        var addr = BottomAddress(heapBlocks, out int slot);
        uint first = (uint)PhysicalBlock(addr);
        if (slot == 0)
        {
            return fsmBlocks > first ? first : InvalidBlock; // that bottom page and every page after it go
        }
        var b = ReadFsmBuffer(rel, addr, extend: false);
        if (!b.IsValid)
        {
            return InvalidBlock;
        }
        BufMgr.LockBuffer(b, LWLockMode.Exclusive);
        try
        {
            if (PageOf(b).TruncateSlots(slot))
            {
                // A real change, not a hint: a slot left set would promise a block the relation no longer has.
                BufMgr.MarkBufferDirty(b);
            }
        }
        finally
        {
            BufMgr.UnlockReleaseBuffer(b);
        }
        return fsmBlocks > first + 1 ? first + 1 : InvalidBlock;
    }

    /// <summary>
    /// The relation is being cut to <paramref name="heapBlocks"/> blocks (the caller holds it exclusively): forget
    /// the space of the blocks cut off, drop the map pages beyond, and bring the upper levels down to match.
    /// </summary>
    public static void Truncate(SmgrRelation rel, uint heapBlocks)
    {
        uint keep = PrepareTruncateRel(rel, heapBlocks);
        if (keep != InvalidBlock)
        {
            BufMgr.DropRelationBuffers(rel.Locator, Fork, keep);
            rel.Truncate(Fork, keep);
            rel.FsmNBlocks = keep;
        }
        if (heapBlocks > 0)
        {
            VacuumRange(rel, heapBlocks, InvalidBlock);
        }
    }

    /// <summary>Removes the map's buffers and files (the relation is being dropped; the caller holds it exclusively).</summary>
    public static void Drop(SmgrRelation rel)
    {
        BufMgr.DropRelationBuffers(rel.Locator, Fork, 0);
        rel.Unlink(Fork);
        rel.FsmNBlocks = 0;
    }

    // ---- addressing ----

    static Address BottomAddress(uint heapBlock, out int slot)
    {
        if (heapBlock == InvalidBlock)
        {
            throw new ArgumentOutOfRangeException(nameof(heapBlock));
        }
        slot = (int)(heapBlock % Slots);
        return new Address(0, heapBlock / Slots);
    }

    /// <summary>The heap block of a bottom slot; null for a slot past the last block number (only garbage has one).</summary>
    static uint? HeapBlock(Address addr, int slot)
    {
        ulong block = ((ulong)addr.Page * Slots) + (ulong)slot;
        return block < InvalidBlock ? (uint)block : null;
    }

    static Address Parent(Address addr, out int slot)
    {
        slot = (int)(addr.Page % Slots);
        return new Address(addr.Level + 1, addr.Page / Slots);
    }

    static Address Child(Address addr, int slot) => new(addr.Level - 1, (addr.Page * Slots) + (uint)slot);

    /// <summary>
    /// The map block of a page: pages are stored depth-first (root, first level 1 page, its bottom pages, the next
    /// level 1 page, ...), so it is the number of pages before it in that order. With f the first bottom page under
    /// the page, that is f bottom pages, f / Slots level 1 pages, f / Slots² level 2 pages, plus its own ancestors.
    /// </summary>
    static ulong PhysicalBlock(Address addr)
    {
        ulong first = addr.Page;
        for (int l = 0; l < addr.Level; l++)
        {
            first *= Slots;
        }
        ulong block = 0;
        for (ulong f = first; ; f /= Slots)
        {
            block += f;
            if (f == 0)
            {
                break;
            }
        }
        return block + (ulong)(RootLevel - addr.Level);
    }

    static unsafe FsmPage PageOf(Buffer b) => new(BufMgr.GetPage(b).Pointer);

    // ---- search and update ----

    /// <summary>fsm_search: from the root down to a bottom slot of at least <paramref name="min"/>.</summary>
    static uint Search(SmgrRelation rel, byte min)
    {
        var addr = Root;
        int restarts = 0;
        while (true)
        {
            int slot = -1;
            byte max = 0;
            var b = ReadFsmBuffer(rel, addr, extend: false);
            if (b.IsValid)
            {
                BufMgr.LockBuffer(b, LWLockMode.Shared);
                try
                {
                    slot = SearchPage(b, min, advance: addr.Level == 0, exclusive: false);
                    max = PageOf(b).Root;
                }
                finally
                {
                    BufMgr.UnlockReleaseBuffer(b);
                }
            }
            if (slot >= 0 && addr.Level > 0)
            {
                addr = Child(addr, slot);
                continue;
            }
            if (slot >= 0)
            {
                if (HeapBlock(addr, slot) is { } block)
                {
                    return block;
                }
                SetSlot(rel, addr, slot, 0); // a garbage slot past the last block number
            }
            else if (addr.Level == RootLevel)
            {
                return InvalidBlock;
            }
            else
            {
                // The parent promised room this page does not have (stale, lost in a crash, or missing): correct
                // the parent's slot and start over from the root.
                var parent = Parent(addr, out int parentSlot);
                SetSlot(rel, parent, parentSlot, max);
            }
            if (++restarts > MaxRestarts)
            {
                return InvalidBlock;
            }
            addr = Root;
        }
    }

    /// <summary>
    /// Searches a locked page; if its inner nodes turn out inconsistent, rebuilds it (taking the exclusive lock if
    /// only the shared one is held: the caller's unlock releases either) and searches again.
    /// </summary>
    static int SearchPage(Buffer b, byte min, bool advance, bool exclusive)
    {
        var page = PageOf(b);
        int slot = page.Search(min, advance, out bool corrupt);
        if (!corrupt)
        {
            return slot;
        }
        if (!exclusive)
        {
            BufMgr.UnlockBuffer(b);
            BufMgr.LockBuffer(b, LWLockMode.Exclusive);
        }
        if (page.Rebuild())
        {
            BufMgr.MarkBufferDirtyHint(b);
        }
        return page.Search(min, advance, out _);
    }

    /// <summary>
    /// fsm_set_and_search: sets a bottom slot and, if <paramref name="min"/> is not 0, looks for a slot of at least
    /// <paramref name="min"/> in the same page. When the value set is the page's maximum, the upper slots are then
    /// raised to it where they are lower.
    /// </summary>
    static int SetAndSearch(SmgrRelation rel, Address addr, int slot, byte value, byte min)
    {
        // Recording 0 in a page that does not exist changes nothing: it reads as zero already.
        var b = ReadFsmBuffer(rel, addr, extend: value != 0);
        if (!b.IsValid)
        {
            return -1;
        }
        int found = -1;
        byte newRoot;
        BufMgr.LockBuffer(b, LWLockMode.Exclusive);
        try
        {
            var page = PageOf(b);
            if (page.Set(slot, value))
            {
                BufMgr.MarkBufferDirtyHint(b);
            }
            newRoot = page.Root;
            if (min != 0)
            {
                found = SearchPage(b, min, advance: addr.Level == 0, exclusive: true);
            }
        }
        finally
        {
            BufMgr.UnlockReleaseBuffer(b);
        }
        if (value != 0 && value == newRoot)
        {
            RaiseUpper(rel, addr, value);
        }
        return found;
    }

    /// <summary>
    /// Raises the slot standing for <paramref name="addr"/> in its parent to <paramref name="value"/> (the page's
    /// maximum) if it is lower, and on up while <paramref name="value"/> is the parent's maximum too. Only raises:
    /// two processes raising in either order leave the larger value. Looking even where nothing changed repairs
    /// an upper slot left too low (a search's correction racing with a raise, a crash).
    /// </summary>
    static void RaiseUpper(SmgrRelation rel, Address addr, byte value)
    {
        bool goOn = true;
        while (goOn && addr.Level < RootLevel)
        {
            addr = Parent(addr, out int slot);
            var b = ReadFsmBuffer(rel, addr, extend: true);
            var page = PageOf(b);
            // Usually the parent is high enough already: look under the shared lock first.
            BufMgr.LockBuffer(b, LWLockMode.Shared);
            bool low = page.Get(slot) < value;
            goOn = page.Root == value;
            BufMgr.UnlockBuffer(b);
            if (low)
            {
                BufMgr.LockBuffer(b, LWLockMode.Exclusive);
                if (page.Set(slot, Math.Max(page.Get(slot), value)))
                {
                    BufMgr.MarkBufferDirtyHint(b);
                }
                goOn = page.Root == value;
                BufMgr.UnlockBuffer(b);
            }
            BufMgr.ReleaseBuffer(b);
        }
    }

    /// <summary>Sets one slot of an existing page to exactly <paramref name="value"/> (a search's correction).</summary>
    static void SetSlot(SmgrRelation rel, Address addr, int slot, byte value)
    {
        var b = ReadFsmBuffer(rel, addr, extend: false);
        if (!b.IsValid)
        {
            return;
        }
        BufMgr.LockBuffer(b, LWLockMode.Exclusive);
        try
        {
            if (PageOf(b).Set(slot, value))
            {
                BufMgr.MarkBufferDirtyHint(b);
            }
        }
        finally
        {
            BufMgr.UnlockReleaseBuffer(b);
        }
    }

    /// <summary>
    /// fsm_vacuum_page: brings the slots of a page that cover [<paramref name="start"/>, <paramref name="end"/>)
    /// up to date from the pages below it, recursively, and returns the page's root. <paramref name="eof"/> says
    /// the page is beyond the map's end (then so is every page after it, being stored later).
    /// </summary>
    static byte VacuumPage(SmgrRelation rel, Address addr, ulong start, ulong end, out bool eof)
    {
        var b = ReadFsmBuffer(rel, addr, extend: false);
        eof = !b.IsValid;
        if (eof)
        {
            return 0;
        }
        try
        {
            var page = PageOf(b);
            if (addr.Level > 0)
            {
                ulong perSlot = 1;
                for (int l = 0; l < addr.Level; l++)
                {
                    perSlot *= Slots;
                }
                ulong first = addr.Page * perSlot * Slots;
                int startSlot = start <= first ? 0 : (int)Math.Min((start - first) / perSlot, Slots - 1);
                int endSlot = end - 1 - first >= perSlot * Slots ? Slots - 1 : (int)((end - 1 - first) / perSlot);
                for (int slot = startSlot; slot <= endSlot; slot++)
                {
                    // The child is read with this page pinned but not locked (one content lock at a time).
                    byte child = VacuumPage(rel, Child(addr, slot), start, end, out bool childEof);
                    BufMgr.LockBuffer(b, LWLockMode.Exclusive);
                    bool changed = childEof ? page.TruncateSlots(slot) : page.Set(slot, child);
                    if (changed)
                    {
                        BufMgr.MarkBufferDirtyHint(b);
                    }
                    BufMgr.UnlockBuffer(b);
                    if (childEof)
                    {
                        break; // the pages of every later slot are missing too
                    }
                }
            }
            BufMgr.LockBuffer(b, LWLockMode.Shared);
            byte root = page.Root;
            if ((uint)page.NextSlot >= Slots)
            {
                page.NextSlot = 0;
            }
            BufMgr.UnlockBuffer(b);
            return root;
        }
        finally
        {
            BufMgr.ReleaseBuffer(b);
        }
    }

    // ---- reading and extending the fork ----

    static uint ForkBlocks(SmgrRelation rel)
    {
        uint n = rel.Exists(Fork) ? rel.NBlocks(Fork) : 0;
        rel.FsmNBlocks = n;
        return n;
    }

    /// <summary>
    /// fsm_readbuf: the pinned (unlocked) buffer of a map page, or Invalid if the page is beyond the fork's end
    /// and <paramref name="extend"/> is false. A new page is initialised; one that fails verification is zeroed
    /// with a WARNING, as PostgreSQL's RBM_ZERO_ON_ERROR.
    /// </summary>
    static Buffer ReadFsmBuffer(SmgrRelation rel, Address addr, bool extend)
    {
        ulong physical = PhysicalBlock(addr);
        if (physical >= InvalidBlock)
        {
            return Buffer.Invalid; // only a garbage slot leads here
        }
        uint block = (uint)physical;
        if (!EnsureBlock(rel, block, extend))
        {
            return Buffer.Invalid;
        }
        Buffer b;
        try
        {
            b = BufMgr.ReadBuffer(rel, Fork, block);
        }
        catch (PgException e) when (e.SqlState == SqlState.DataCorrupted)
        {
            // Torn or garbage page, or a block cut off by another process's truncation since we looked.
            if (block < ForkBlocks(rel))
            {
                Log.Warning($"invalid page in block {block} of relation {rel.Locator.RelativePath(Fork)}; zeroing out page");
            }
            else if (!EnsureBlock(rel, block, extend))
            {
                return Buffer.Invalid;
            }
            b = BufMgr.ReadBuffer(rel, Fork, block, ReadBufferMode.ZeroAndLock);
            InitIfNew(b);
            BufMgr.MarkBufferDirtyHint(b);
            BufMgr.UnlockBuffer(b);
            return b;
        }
        if (BufMgr.GetPage(b).IsNew)
        {
            BufMgr.LockBuffer(b, LWLockMode.Exclusive);
            InitIfNew(b);
            BufMgr.UnlockBuffer(b);
        }
        return b;
    }

    /// <summary>Formats an all-zero page (exclusive lock held); not marked dirty: the disk's zeros read the same.</summary>
    static unsafe void InitIfNew(Buffer b)
    {
        var page = BufMgr.GetPage(b);
        if (page.IsNew)
        {
            BufPage.Init(page.Pointer);
        }
    }

    /// <summary>Whether the fork has <paramref name="block"/>, extending it with zero pages if allowed.</summary>
    static bool EnsureBlock(SmgrRelation rel, uint block, bool extend)
    {
        if (rel.FsmNBlocks != InvalidBlock && block < rel.FsmNBlocks)
        {
            return true;
        }
        if (block < ForkBlocks(rel))
        {
            return true;
        }
        if (!extend)
        {
            return false;
        }
        // Another process may create the fork at the same time: an existing file is fine.
        rel.Create(Fork, isRedo: true);
        uint n;
        while ((n = rel.NBlocks(Fork)) <= block)
        {
            BufMgr.UnlockReleaseBuffer(BufMgr.ExtendBuffer(rel, Fork));
        }
        rel.FsmNBlocks = n;
        return true;
    }
}
