// Slotted page layout and page checksums.
using Tusk.Storage.Page;
using Xunit;

namespace Tusk.Storage.Tests;

public sealed unsafe class PageTests
{
    static byte[] Item(int length, byte fill)
    {
        var b = new byte[length];
        Array.Fill(b, fill);
        return b;
    }

    [Fact]
    public void Items_go_in_until_the_page_is_full_and_come_back_unchanged()
    {
        var bytes = new byte[BufPage.BlockSize];
        fixed (byte* p = bytes)
        {
            BufPage.Init(p);
            var page = new BufPage(p);
            Assert.Equal(BufPage.BlockSize - BufPage.HeaderSize - BufPage.ItemIdSize, page.FreeSpace);
            int n = 0;
            while (page.AddItem(Item(100, (byte)(n + 1))) is int off and > 0)
            {
                Assert.Equal(++n, off);
            }
            // 100 bytes take 104 aligned plus a 4-byte line pointer.
            Assert.Equal((BufPage.BlockSize - BufPage.HeaderSize) / 108, n);
            Assert.True(page.FreeSpace < 104);
            for (int i = 1; i <= n; i++)
            {
                Assert.Equal(Item(100, (byte)i), page.GetItem(i).ToArray());
            }
            Assert.True(page.HeaderIsValid());
        }
    }

    [Fact]
    public void Unused_line_pointers_are_reused_and_fragmentation_is_repaired()
    {
        var bytes = new byte[BufPage.BlockSize];
        fixed (byte* p = bytes)
        {
            BufPage.Init(p, specialSize: 16);
            var page = new BufPage(p);
            for (int i = 1; i <= 10; i++)
            {
                Assert.Equal(i, page.AddItem(Item(200 + i, (byte)i)));
            }
            int before = page.ExactFreeSpace;
            page.SetUnused(3);
            page.SetUnused(7);
            page.SetDead(10);
            page.RepairFragmentation();
            Assert.Equal(before + 208 + 208 + 216, page.ExactFreeSpace);
            Assert.Equal(10, page.MaxOffset); // line pointer 10 stays (dead), so no trailing trim
            foreach (int i in new[] { 1, 2, 4, 5, 6, 8, 9 })
            {
                Assert.Equal(Item(200 + i, (byte)i), page.GetItem(i).ToArray());
            }
            Assert.Equal(ItemFlags.Dead, page.GetItemId(10).Flags);
            Assert.Equal(16, page.SpecialSpace.Length);
            // The first unused line pointer is taken again; then a new one.
            Assert.Equal(3, page.AddItem(Item(50, 0xAA)));
            Assert.Equal(7, page.AddItem(Item(50, 0xBB)));
            Assert.Equal(11, page.AddItem(Item(50, 0xCC)));
            Assert.Equal(Item(50, 0xBB), page.GetItem(7).ToArray());
        }
    }

    [Fact]
    public void Redo_places_items_at_the_offset_it_is_told()
    {
        var bytes = new byte[BufPage.BlockSize];
        fixed (byte* p = bytes)
        {
            BufPage.Init(p);
            var page = new BufPage(p);
            Assert.Equal(1, page.AddItem(Item(8, 1), offset: 1));
            Assert.Equal(2, page.AddItem(Item(8, 2), offset: 2));
            Assert.Throws<InvalidOperationException>(() => page.AddItem(Item(8, 3), offset: 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => page.AddItem(Item(8, 3), offset: 5));
        }
    }

    [Fact]
    public void Checksum_detects_every_single_bit_flip_and_a_wrong_block_number()
    {
        var bytes = new byte[BufPage.BlockSize];
        fixed (byte* p = bytes)
        {
            BufPage.Init(p);
            var page = new BufPage(p);
            var rng = new Random(42);
            while (page.AddItem(Item(rng.Next(20, 300), (byte)rng.Next(256))) > 0)
            {
            }
            page.Lsn = 0x1234_5678_9ABC;
            PageChecksum.Set(p, 7);
            Assert.True(PageChecksum.Verify(p, 7, checksums: true, out _, out _));
            Assert.False(PageChecksum.Verify(p, 8, checksums: true, out _, out _));
            for (int bit = 0; bit < BufPage.BlockSize * 8; bit += 7)
            {
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.False(PageChecksum.Verify(p, 7, checksums: true, out _, out _), $"bit {bit} flipped went unnoticed");
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            }
            Assert.True(PageChecksum.Verify(p, 7, checksums: true, out _, out _));
        }
    }

    [Fact]
    public void A_new_all_zero_page_is_valid_but_garbage_is_not()
    {
        var bytes = new byte[BufPage.BlockSize];
        fixed (byte* p = bytes)
        {
            Assert.True(PageChecksum.Verify(p, 3, checksums: true, out _, out _));
            bytes[4000] = 1; // a new page with something in it is not a page
            Assert.False(PageChecksum.Verify(p, 3, checksums: true, out _, out _));
            new Random(1).NextBytes(bytes);
            Assert.False(PageChecksum.Verify(p, 3, checksums: false, out _, out _));
        }
    }
}
