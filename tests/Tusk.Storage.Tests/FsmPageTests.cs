// The max-tree inside one free space map page: set and search, propagation to the root, the next-slot pointer that
// spreads searches over the page, searches with no fit, and a page whose inner nodes are garbage.
using Tusk.Storage.Freespace;
using Tusk.Storage.Page;
using Xunit;

namespace Tusk.Storage.Tests;

public sealed unsafe class FsmPageTests
{
    const int RootOffset = BufPage.HeaderSize + sizeof(int); // the first node follows the header and NextSlot

    static void WithPage(Action<FsmPage> test) => WithPage((page, _) => test(page));

    static void WithPage(Action<FsmPage, byte[]> test)
    {
        var bytes = new byte[BufPage.BlockSize];
        fixed (byte* p = bytes)
        {
            BufPage.Init(p);
            test(new FsmPage(p), bytes);
        }
    }

    [Fact]
    public void The_tree_has_4069_slots_and_inner_nodes_stay_the_max_of_their_children()
    {
        Assert.Equal(4069, FsmPage.Slots);
        WithPage(page =>
        {
            var rng = new Random(7);
            var leaves = new byte[FsmPage.Slots];
            for (int i = 0; i < 20000; i++)
            {
                int slot = rng.Next(FsmPage.Slots);
                byte value = (byte)rng.Next(i % 3 == 0 ? 256 : 40); // many small values, some large ones
                Assert.Equal(leaves[slot] != value, page.Set(slot, value));
                leaves[slot] = value;
                Assert.Equal(leaves.Max(), page.Root);
                Assert.Equal(value, page.Get(slot));
            }
            Assert.False(page.Rebuild()); // nothing to fix: every inner node already was the max of its children

            // Lowering the only maximum lowers the root.
            Array.Clear(leaves);
            for (int s = 0; s < FsmPage.Slots; s++)
            {
                page.Set(s, 0);
            }
            page.Set(4068, 200);
            page.Set(17, 100);
            Assert.Equal(200, page.Root);
            page.Set(4068, 3);
            Assert.Equal(100, page.Root);
        });
    }

    [Fact]
    public void Search_finds_a_slot_with_enough_or_none()
    {
        WithPage(page =>
        {
            Assert.Equal(-1, page.Search(1, advance: false, out bool corrupt));
            Assert.False(corrupt);
            page.Set(1000, 50);
            page.Set(3000, 120);
            Assert.Equal(-1, page.Search(121, advance: false, out corrupt));
            Assert.False(corrupt);
            Assert.Equal(3000, page.Search(120, advance: false, out _));
            page.NextSlot = 0;
            Assert.Equal(1000, page.Search(50, advance: false, out _));
            Assert.Equal(1000, page.NextSlot);
            Assert.Equal(1000, page.Search(50, advance: false, out _)); // no advance: the same slot again
        });
    }

    [Fact]
    public void NextSlot_spreads_searches_over_the_page_and_wraps_around()
    {
        WithPage(page =>
        {
            for (int s = 0; s < FsmPage.Slots; s++)
            {
                page.Set(s, 100);
            }
            for (int s = 0; s < 50; s++)
            {
                Assert.Equal(s, page.Search(10, advance: true, out _)); // each search one further on
            }

            // The search looks to the right of its start first, then starts over at the left end.
            for (int s = 0; s < FsmPage.Slots; s++)
            {
                page.Set(s, 0);
            }
            page.Set(10, 100);
            page.Set(3500, 100);
            page.NextSlot = 3000;
            Assert.Equal(3500, page.Search(10, advance: true, out _));
            Assert.Equal(3501, page.NextSlot);
            Assert.Equal(10, page.Search(10, advance: true, out _));
            page.NextSlot = FsmPage.Slots - 1;
            Assert.Equal(10, page.Search(10, advance: true, out _));
            page.NextSlot = 123456; // garbage counts as 0
            Assert.Equal(10, page.Search(10, advance: true, out _));

            // The last slot is found from anywhere.
            page.Set(10, 0);
            page.Set(3500, 0);
            page.Set(FsmPage.Slots - 1, 9);
            page.NextSlot = 5;
            Assert.Equal(FsmPage.Slots - 1, page.Search(9, advance: true, out _));
        });
    }

    [Fact]
    public void Garbage_inner_nodes_are_reported_and_a_rebuild_repairs_them()
    {
        WithPage((page, bytes) =>
        {
            page.Set(2000, 30);
            // A torn write left the inner nodes promising more than the leaves have.
            for (int node = 0; node < FsmPage.NonLeafNodes; node++)
            {
                bytes[RootOffset + node] = 250;
            }
            Assert.Equal(-1, page.Search(100, advance: false, out bool corrupt));
            Assert.True(corrupt);
            Assert.True(page.Rebuild());
            Assert.Equal(30, page.Root);
            Assert.Equal(-1, page.Search(100, advance: false, out corrupt));
            Assert.False(corrupt);
            Assert.Equal(2000, page.Search(30, advance: false, out _));

            // Inner nodes below the truth, except the leaf's parent, which already holds the new value: the walk
            // up stops there, the root is left under the new value, and the page is rebuilt.
            for (int node = 0; node < FsmPage.NonLeafNodes; node++)
            {
                bytes[RootOffset + node] = 0;
            }
            int leafNode = FsmPage.NonLeafNodes + 3000;
            bytes[RootOffset + ((leafNode - 1) / 2)] = 60;
            page.Set(3000, 60);
            Assert.Equal(60, page.Root);
            Assert.False(page.Rebuild());
            Assert.Equal(2000, page.Search(30, advance: false, out _));
        });
    }

    [Fact]
    public void TruncateSlots_zeroes_the_slots_from_the_cut_on()
    {
        WithPage(page =>
        {
            page.Set(10, 40);
            page.Set(500, 80);
            page.Set(4000, 90);
            Assert.True(page.TruncateSlots(500));
            Assert.Equal(40, page.Root);
            Assert.Equal(0, page.Get(500));
            Assert.Equal(0, page.Get(4000));
            Assert.False(page.TruncateSlots(600));
            Assert.True(page.TruncateSlots(0));
            Assert.Equal(0, page.Root);
        });
    }
}
