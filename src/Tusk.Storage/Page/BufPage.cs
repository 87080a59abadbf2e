// Slotted pages (bufpage.c): the 8 KB layout shared by every relation fork.
//
//   0  Lsn (8)  8 Checksum (2)  10 Flags (2)  12 Lower (2)  14 Upper (2)  16 Special (2)  18 SizeVersion (2)
//   20 PruneXid (4)  24 line pointers (4 bytes each, growing up) ... free ... items (growing down) | special
//
// Invariants: HeaderSize <= Lower <= Upper <= Special <= BlockSize; Special and item offsets are 8-aligned; a
// line pointer is (offset 15 bits, flags 2 bits, length 15 bits); offset numbers are 1-based. An all-zero page
// is "new" (a relation extended but never initialised) and is valid. Callers hold the buffer's content lock:
// shared to read items, exclusive to change the page. Entry points: Init, AddItem, GetItem, RepairFragmentation,
// Verify (header sanity plus checksum, see PageChecksum).
using System.Runtime.CompilerServices;

namespace Tusk.Storage.Page;

/// <summary>State of a line pointer (lp_flags).</summary>
public enum ItemFlags : byte
{
    /// <summary>Free for reuse; no storage.</summary>
    Unused = 0,
    /// <summary>Points to an item.</summary>
    Normal = 1,
    /// <summary>Points to another line pointer of the page (HOT chains); no storage.</summary>
    Redirect = 2,
    /// <summary>Dead, kept so index entries pointing here stay valid until vacuum; may still have storage.</summary>
    Dead = 3,
}

/// <summary>A line pointer (ItemIdData): where on the page an item starts, how long it is, and its state.</summary>
public readonly record struct ItemId(uint Raw)
{
    public int Offset => (int)(Raw & 0x7FFF);

    public ItemFlags Flags => (ItemFlags)((Raw >> 15) & 3);

    public int Length => (int)(Raw >> 17);

    public bool IsUsed => Flags != ItemFlags.Unused;

    public bool IsNormal => Flags == ItemFlags.Normal;

    public bool HasStorage => Length > 0;

    public static ItemId Make(int offset, ItemFlags flags, int length) =>
        new((uint)offset | ((uint)flags << 15) | ((uint)length << 17));
}

/// <summary>A page in memory (a shared buffer, or a private scratch page). Copies of this struct share the bytes.</summary>
public readonly unsafe struct BufPage
{
    public const int BlockSize = 8192;
    public const int HeaderSize = 24;
    public const int ItemIdSize = 4;
    public const int LayoutVersion = 1;
    public const int InvalidOffset = 0;

    /// <summary>Largest item that fits on an empty page with no special space.</summary>
    public const int MaxItemSize = BlockSize - HeaderSize - ItemIdSize;

    /// <summary>MaxHeapTupleSize: the largest item an empty page takes with its line pointer, 8-aligned.</summary>
    public const int MaxHeapTupleSize = BlockSize - ((HeaderSize + ItemIdSize + 7) & ~7);

    /// <summary>Page flags (pd_flags).</summary>
    [Flags]
    public enum PageFlags : ushort
    {
        None = 0,
        /// <summary>There may be unused line pointers before Lower (a hint for AddItem).</summary>
        HasFreeLines = 1,
        /// <summary>An UPDATE found no room here (a hint for pruning).</summary>
        Full = 2,
        /// <summary>Every tuple on the page is visible to every transaction (mirrors the visibility map bit).</summary>
        AllVisible = 4,
    }

    readonly byte* _p;

    public BufPage(byte* p) => _p = p;

    public byte* Pointer => _p;

    public ulong Lsn
    {
        get => Unsafe.ReadUnaligned<ulong>(_p);
        set => Unsafe.WriteUnaligned(_p, value);
    }

    public ushort Checksum
    {
        get => Unsafe.ReadUnaligned<ushort>(_p + 8);
        set => Unsafe.WriteUnaligned(_p + 8, value);
    }

    public PageFlags Flags
    {
        get => (PageFlags)Unsafe.ReadUnaligned<ushort>(_p + 10);
        set => Unsafe.WriteUnaligned(_p + 10, (ushort)value);
    }

    public int Lower
    {
        get => Unsafe.ReadUnaligned<ushort>(_p + 12);
        private set => Unsafe.WriteUnaligned(_p + 12, (ushort)value);
    }

    public int Upper
    {
        get => Unsafe.ReadUnaligned<ushort>(_p + 14);
        private set => Unsafe.WriteUnaligned(_p + 14, (ushort)value);
    }

    public int Special
    {
        get => Unsafe.ReadUnaligned<ushort>(_p + 16);
        private set => Unsafe.WriteUnaligned(_p + 16, (ushort)value);
    }

    ushort SizeVersion
    {
        get => Unsafe.ReadUnaligned<ushort>(_p + 18);
        set => Unsafe.WriteUnaligned(_p + 18, value);
    }

    public uint PruneXid
    {
        get => Unsafe.ReadUnaligned<uint>(_p + 20);
        set => Unsafe.WriteUnaligned(_p + 20, value);
    }

    /// <summary>Never initialised (all zero header): what a freshly extended block reads as.</summary>
    public bool IsNew => Upper == 0;

    /// <summary>Number of line pointers (the highest offset number in use or not).</summary>
    public int MaxOffset => Lower <= HeaderSize ? 0 : (Lower - HeaderSize) / ItemIdSize;

    /// <summary>The special space (index pages keep their links there).</summary>
    public Span<byte> SpecialSpace => new(_p + Special, BlockSize - Special);

    /// <summary>The whole page.</summary>
    public Span<byte> Bytes => new(_p, BlockSize);

    public static int MaxAlign(int n) => (n + 7) & ~7;

    /// <summary>Formats an empty page with <paramref name="specialSize"/> bytes of special space (PageInit).</summary>
    public static void Init(byte* p, int specialSize = 0)
    {
        specialSize = MaxAlign(specialSize);
        if (specialSize > BlockSize - HeaderSize)
        {
            throw new ArgumentOutOfRangeException(nameof(specialSize));
        }
        new Span<byte>(p, BlockSize).Clear();
        var page = new BufPage(p);
        page.Lower = HeaderSize;
        page.Upper = BlockSize - specialSize;
        page.Special = BlockSize - specialSize;
        page.SizeVersion = BlockSize | LayoutVersion;
    }

    /// <summary>Room for one more item and its line pointer (PageGetFreeSpace), never negative.</summary>
    public int FreeSpace => Math.Max(0, Upper - Lower - ItemIdSize);

    /// <summary>Room counting unused line pointers that could be reused (PageGetHeapFreeSpace without limits).</summary>
    public int ExactFreeSpace => Math.Max(0, Upper - Lower);

    public ItemId GetItemId(int offset)
    {
        CheckOffset(offset);
        return new ItemId(Unsafe.ReadUnaligned<uint>(_p + HeaderSize + ((offset - 1) * ItemIdSize)));
    }

    void SetItemId(int offset, ItemId id) =>
        Unsafe.WriteUnaligned(_p + HeaderSize + ((offset - 1) * ItemIdSize), id.Raw);

    /// <summary>The bytes of a line pointer's item (empty when it has no storage).</summary>
    public Span<byte> GetItem(int offset)
    {
        var id = GetItemId(offset);
        return id.HasStorage ? new Span<byte>(_p + id.Offset, id.Length) : default;
    }

    /// <summary>Pointer to an item's first byte (for in-place header updates such as hint bits).</summary>
    public byte* GetItemPointer(int offset) => _p + GetItemId(offset).Offset;

    /// <summary>
    /// Adds an item (PageAddItem). With <paramref name="offset"/> = 0 it takes the first unused line pointer, or a
    /// new one at the end; with an explicit offset (redo replays the original placement) that line pointer must be
    /// unused or the next new one. Returns the offset number, or 0 when the page has no room.
    /// </summary>
    public int AddItem(ReadOnlySpan<byte> item, int offset = 0)
    {
        int limit = MaxOffset + 1;
        bool reuse = false;
        if (offset == 0)
        {
            offset = limit;
            if ((Flags & PageFlags.HasFreeLines) != 0)
            {
                for (int i = 1; i < limit; i++)
                {
                    if (!GetItemId(i).IsUsed)
                    {
                        offset = i;
                        reuse = true;
                        break;
                    }
                }
                if (!reuse)
                {
                    Flags &= ~PageFlags.HasFreeLines;
                }
            }
        }
        else if (offset < limit)
        {
            if (GetItemId(offset).IsUsed)
            {
                throw new InvalidOperationException($"line pointer {offset} is in use");
            }
            reuse = true;
        }
        else if (offset > limit)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"offset {offset} beyond {limit}");
        }

        int lower = reuse ? Lower : Lower + ItemIdSize;
        int size = MaxAlign(item.Length);
        int upper = Upper - size;
        if (item.Length == 0 || item.Length > MaxItemSize || upper < lower)
        {
            return InvalidOffset;
        }
        item.CopyTo(new Span<byte>(_p + upper, item.Length));
        SetItemId(offset, ItemId.Make(upper, ItemFlags.Normal, item.Length));
        Lower = lower;
        Upper = upper;
        return offset;
    }

    /// <summary>Marks a line pointer unused (its storage is reclaimed by the next RepairFragmentation).</summary>
    public void SetUnused(int offset)
    {
        SetItemId(offset, default);
        Flags |= PageFlags.HasFreeLines;
    }

    /// <summary>Marks a line pointer dead, dropping its storage.</summary>
    public void SetDead(int offset) => SetItemId(offset, ItemId.Make(0, ItemFlags.Dead, 0));

    /// <summary>Points a line pointer at another one of the page (the head of a pruned HOT chain).</summary>
    public void SetRedirect(int offset, int target) => SetItemId(offset, ItemId.Make(target, ItemFlags.Redirect, 0));

    /// <summary>
    /// Moves all items with storage together at the end of the page, in place, so the free space is one
    /// contiguous hole (PageRepairFragmentation). Line pointers keep their numbers; trailing unused ones are
    /// dropped.
    /// </summary>
    public void RepairFragmentation()
    {
        int max = MaxOffset;
        Span<(int Offset, int Start)> items = stackalloc (int, int)[max];
        int n = 0;
        for (int i = 1; i <= max; i++)
        {
            var id = GetItemId(i);
            if (id.HasStorage)
            {
                items[n++] = (i, id.Offset);
            }
        }
        // Move the items nearest the end first, so that no item is overwritten before it is moved.
        items[..n].Sort((a, b) => b.Start.CompareTo(a.Start));
        int upper = Special;
        for (int k = 0; k < n; k++)
        {
            var id = GetItemId(items[k].Offset);
            upper -= MaxAlign(id.Length);
            if (upper != id.Offset)
            {
                new Span<byte>(_p + id.Offset, id.Length).CopyTo(new Span<byte>(_p + upper, id.Length));
            }
            SetItemId(items[k].Offset, ItemId.Make(upper, id.Flags, id.Length));
        }
        while (max > 0 && !GetItemId(max).IsUsed)
        {
            max--;
        }
        Lower = HeaderSize + (max * ItemIdSize);
        Upper = upper;
        bool anyUnused = false;
        for (int i = 1; i <= max && !anyUnused; i++)
        {
            anyUnused = !GetItemId(i).IsUsed;
        }
        Flags = anyUnused ? Flags | PageFlags.HasFreeLines : Flags & ~PageFlags.HasFreeLines;
    }

    /// <summary>Whether the header is sane (PageIsVerified's layout part); a new (all-zero) page is.</summary>
    public bool HeaderIsValid()
    {
        if (IsNew)
        {
            return new ReadOnlySpan<byte>(_p, BlockSize).IndexOfAnyExcept((byte)0) < 0;
        }
        return SizeVersion == (BlockSize | LayoutVersion)
            && Lower >= HeaderSize && Lower <= Upper && Upper <= Special && Special <= BlockSize
            && Special == MaxAlign(Special);
    }

    void CheckOffset(int offset)
    {
        if (offset < 1 || offset > MaxOffset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"offset {offset} not in 1..{MaxOffset}");
        }
    }
}
