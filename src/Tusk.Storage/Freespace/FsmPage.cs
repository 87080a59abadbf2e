// One page of the free space map (fsmpage.c): after the page header, NextSlot (4 bytes) and a binary max-tree of
// one-byte categories stored as an array (children of node i at 2i+1 and 2i+2); the last Slots nodes are the
// leaves, one per heap block (bottom level) or per lower map page (upper levels).
//
// Invariant: after Set, Rebuild or TruncateSlots every inner node is the maximum of its children (a missing child
// counts as 0). A page read from disk may break it (torn, stale); Search then reports it and the caller rebuilds.
// Callers hold the buffer's content lock: shared for Get/Search (which may move NextSlot, a hint), exclusive for
// Set, Rebuild and TruncateSlots. See README.md. Entry points: Set, Get, Root, Search, Rebuild, TruncateSlots.
using System.Runtime.CompilerServices;
using Tusk.Storage.Page;

namespace Tusk.Storage.Freespace;

/// <summary>A free space map page in memory (a shared buffer). Copies of this struct share the bytes.</summary>
public readonly unsafe struct FsmPage
{
    const int NextSlotOffset = BufPage.HeaderSize;
    const int NodesOffset = NextSlotOffset + sizeof(int);

    /// <summary>Nodes of the tree: everything after the header and NextSlot (8164).</summary>
    public const int NodesPerPage = BufPage.BlockSize - NodesOffset;

    /// <summary>Inner nodes (4095): a complete tree whose leaf level would hold BlockSize / 2 nodes.</summary>
    public const int NonLeafNodes = (BufPage.BlockSize / 2) - 1;

    /// <summary>Leaf slots per page (4069): heap blocks per bottom page, child pages per upper page.</summary>
    public const int Slots = NodesPerPage - NonLeafNodes;

    readonly byte* _p;

    public FsmPage(byte* p) => _p = p;

    byte* Nodes => _p + NodesOffset;

    /// <summary>The page's largest category (the root node).</summary>
    public byte Root => Nodes[0];

    /// <summary>
    /// Where the next search starts (fp_next_slot). A hint: read and written without an exclusive lock, never
    /// marked dirty; an out-of-range value (torn or garbage page) counts as 0.
    /// </summary>
    public int NextSlot
    {
        get => Volatile.Read(ref Unsafe.AsRef<int>(_p + NextSlotOffset));
        set => Volatile.Write(ref Unsafe.AsRef<int>(_p + NextSlotOffset), value);
    }

    /// <summary>The category of a slot (fsm_get_avail).</summary>
    public byte Get(int slot)
    {
        CheckSlot(slot);
        return Nodes[NonLeafNodes + slot];
    }

    /// <summary>
    /// Sets a slot and brings its ancestors up to date (fsm_set_avail); returns whether the page changed. Stops at
    /// the first ancestor that keeps its value; if the root then is below the new value, the inner nodes were
    /// inconsistent and the whole page is rebuilt.
    /// </summary>
    public bool Set(int slot, byte value)
    {
        CheckSlot(slot);
        int node = NonLeafNodes + slot;
        if (Nodes[node] == value)
        {
            return false;
        }
        Nodes[node] = value;
        while (node > 0)
        {
            node = (node - 1) / 2;
            byte max = MaxOfChildren(node);
            if (Nodes[node] == max)
            {
                break;
            }
            Nodes[node] = max;
        }
        if (value > Nodes[0])
        {
            Rebuild();
        }
        return true;
    }

    /// <summary>
    /// Finds a slot with a category of at least <paramref name="min"/> (fsm_search_avail), looking from NextSlot
    /// rightwards first, and moves NextSlot to it (one further when <paramref name="advance"/>). Returns -1 when
    /// the page has none; <paramref name="corrupt"/> says the inner nodes promised one that the leaves do not
    /// have (the caller rebuilds the page under an exclusive lock and searches again).
    /// </summary>
    public int Search(byte min, bool advance, out bool corrupt)
    {
        corrupt = false;
        if (Nodes[0] < min)
        {
            return -1;
        }
        int start = NextSlot;
        if ((uint)start >= Slots)
        {
            start = 0;
        }
        // Climb from the start leaf. Each step looks at the parent of the right neighbour: a subtree that covers
        // the start's right side, so blocks after the start are preferred. The root is reached within the tree's
        // height and is big enough, so the climb ends.
        int node = NonLeafNodes + start;
        while (node > 0 && Nodes[node] < min)
        {
            node = (RightNeighbour(node) - 1) / 2;
        }
        // Descend to the leftmost leaf under it that is big enough.
        while (node < NonLeafNodes)
        {
            int left = (2 * node) + 1;
            if (left < NodesPerPage && Nodes[left] >= min)
            {
                node = left;
            }
            else if (left + 1 < NodesPerPage && Nodes[left + 1] >= min)
            {
                node = left + 1;
            }
            else
            {
                corrupt = true;
                return -1;
            }
        }
        int slot = node - NonLeafNodes;
        NextSlot = advance ? slot + 1 : slot;
        return slot;
    }

    /// <summary>Recomputes every inner node from the leaves (fsm_rebuild_page); returns whether any changed.</summary>
    public bool Rebuild()
    {
        bool changed = false;
        for (int node = NonLeafNodes - 1; node >= 0; node--)
        {
            byte max = MaxOfChildren(node);
            if (Nodes[node] != max)
            {
                Nodes[node] = max;
                changed = true;
            }
        }
        return changed;
    }

    /// <summary>Zeroes the slots from <paramref name="firstSlot"/> on (fsm_truncate_avail); returns whether the page changed.</summary>
    public bool TruncateSlots(int firstSlot)
    {
        if (firstSlot < 0 || firstSlot > Slots)
        {
            throw new ArgumentOutOfRangeException(nameof(firstSlot));
        }
        var leaves = new Span<byte>(Nodes + NonLeafNodes + firstSlot, Slots - firstSlot);
        if (leaves.IndexOfAnyExcept((byte)0) < 0)
        {
            return false;
        }
        leaves.Clear();
        Rebuild();
        return true;
    }

    byte MaxOfChildren(int node)
    {
        int left = (2 * node) + 1;
        byte l = left < NodesPerPage ? Nodes[left] : (byte)0;
        byte r = left + 1 < NodesPerPage ? Nodes[left + 1] : (byte)0;
        return Math.Max(l, r);
    }

    /// <summary>
    /// The next node to the right on the same level, or the first node of the level after its last one. The
    /// level of node x spans 2^k - 1 .. 2^(k+1) - 2; stepping past its end lands on 2^(k+1) - 1, recognisable as
    /// y with y &amp; (y + 1) == 0, whose parent is the level's first node.
    /// </summary>
    static int RightNeighbour(int x)
    {
        x++;
        if ((x & (x + 1)) == 0)
        {
            x = (x - 1) / 2;
        }
        return x;
    }

    static void CheckSlot(int slot)
    {
        if ((uint)slot >= Slots)
        {
            throw new ArgumentOutOfRangeException(nameof(slot), $"slot {slot} not in 0..{Slots - 1}");
        }
    }
}
