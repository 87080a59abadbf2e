// The free space map over the shared buffer cache: record and find, searches spread over blocks, the three-level
// tree for block numbers far beyond one map page, pages that are garbage or zero on disk, stale upper levels (as a
// crash leaves them) repaired by searches and by Vacuum, truncation and drop.
using Tusk.LockHammer;
using Tusk.Storage.Buffer;
using Tusk.Storage.Freespace;
using Tusk.Storage.Page;
using Tusk.Storage.Smgr;
using Xunit;

namespace Tusk.Storage.Tests;

[Collection(SharedStatics.Name)]
public sealed class FreeSpaceMapTests : IDisposable
{
    const uint Far = 5_000_000; // bottom map page 1228: map block 1230
    readonly TestSegment _segment = new("fsm", nbuffers: 16);
    readonly SmgrRelation _rel;

    public FreeSpaceMapTests()
    {
        _rel = Smgr.Smgr.Open(new RelFileLocator(RelFileLocator.DefaultTablespace, 1, 30000));
        _rel.Create(ForkNumber.Main);
    }

    public void Dispose() => _segment.Dispose();

    uint FsmBlocks => _rel.Exists(ForkNumber.FreeSpaceMap) ? _rel.NBlocks(ForkNumber.FreeSpaceMap) : 0;

    /// <summary>Writes every map page out and forgets the buffers, so the next look reads the file.</summary>
    void EvictMap()
    {
        Assert.Equal(0, BufMgr.ReleaseAllPins());
        BufMgr.FlushAllBuffers();
        BufMgr.DropRelationBuffers(_rel.Locator, ForkNumber.FreeSpaceMap, 0);
    }

    /// <summary>Overwrites a map block in the file (what a torn write or a lost write leaves).</summary>
    void WriteMapBlock(uint block, byte fill)
    {
        EvictMap();
        var bytes = new byte[BufPage.BlockSize];
        Array.Fill(bytes, fill);
        using var f = File.OpenHandle(_rel.SegmentPath(ForkNumber.FreeSpaceMap, 0), FileMode.Open, FileAccess.Write);
        RandomAccess.Write(f, bytes, (long)block * BufPage.BlockSize);
    }

    [Fact]
    public void Categories_round_free_space_down_and_requests_up()
    {
        Assert.Equal(8160, FreeSpaceMap.MaxRequestSize);
        Assert.Equal(31, FreeSpaceMap.AvailToCategory(1000));
        Assert.Equal(32, FreeSpaceMap.NeededToCategory(1000));
        Assert.Equal(1, FreeSpaceMap.NeededToCategory(0));
        Assert.Equal(254, FreeSpaceMap.AvailToCategory(8159));
        Assert.Equal(255, FreeSpaceMap.AvailToCategory(8164)); // an empty heap page
        Assert.Equal(255, FreeSpaceMap.NeededToCategory(FreeSpaceMap.MaxRequestSize));
        for (int free = 0; free < 8200; free += 7)
        {
            // What a page is recorded with never satisfies a request it could not take.
            int needed = free + 1;
            if (needed <= FreeSpaceMap.MaxRequestSize)
            {
                Assert.True(FreeSpaceMap.AvailToCategory(free) < FreeSpaceMap.NeededToCategory(needed));
            }
        }
    }

    [Fact]
    public void Recorded_space_is_found_and_a_request_larger_than_any_finds_nothing()
    {
        Assert.Equal(FreeSpaceMap.InvalidBlock, FreeSpaceMap.GetPageWithFreeSpace(_rel, 10)); // no map yet
        Assert.Equal(0u, FsmBlocks);
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, 7, 0); // recording nothing creates no map
        Assert.Equal(0u, FsmBlocks);
        for (uint b = 0; b < 100; b++)
        {
            FreeSpaceMap.RecordPageWithFreeSpace(_rel, b, (int)(b * 50));
        }
        Assert.Equal(3u, FsmBlocks); // root, one level 1 page, one bottom page
        Assert.Equal(992, FreeSpaceMap.GetRecordedFreeSpace(_rel, 20)); // 1000 rounded down to a category
        Assert.Equal(0, FreeSpaceMap.GetRecordedFreeSpace(_rel, 100));
        Assert.Equal(0, FreeSpaceMap.GetRecordedFreeSpace(_rel, Far)); // past the map's end
        Assert.Equal(FreeSpaceMap.InvalidBlock, FreeSpaceMap.GetPageWithFreeSpace(_rel, 5000));
        for (int i = 0; i < 20; i++)
        {
            uint b = FreeSpaceMap.GetPageWithFreeSpace(_rel, 3000);
            Assert.InRange(b, 61u, 99u); // 3000 bytes round up to 94 categories: 3008 bytes
        }
        Assert.Equal(99u, FreeSpaceMap.GetPageWithFreeSpace(_rel, 4900));

        // The values come back from disk.
        EvictMap();
        Assert.Equal(992, FreeSpaceMap.GetRecordedFreeSpace(_rel, 20));
        Assert.Equal(99u, FreeSpaceMap.GetPageWithFreeSpace(_rel, 4900));
    }

    [Fact]
    public void Consecutive_searches_hand_out_different_blocks()
    {
        for (uint b = 0; b < 10; b++)
        {
            FreeSpaceMap.RecordPageWithFreeSpace(_rel, b, 4000);
        }
        var seen = new List<uint>();
        for (int i = 0; i < 10; i++)
        {
            seen.Add(FreeSpaceMap.GetPageWithFreeSpace(_rel, 100));
        }
        Assert.Equal(10, seen.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (uint)i), seen.Order());
    }

    [Fact]
    public void RecordAndGet_records_the_full_page_and_offers_another()
    {
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, 3, 2000);
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, 9, 2000);
        Assert.Equal(3u, FreeSpaceMap.GetPageWithFreeSpace(_rel, 1500));
        // Block 3 had only 100 bytes after all (someone else filled it).
        Assert.Equal(9u, FreeSpaceMap.RecordAndGetPageWithFreeSpace(_rel, 3, 100, 1500));
        Assert.Equal(96, FreeSpaceMap.GetRecordedFreeSpace(_rel, 3));
        Assert.Equal(FreeSpaceMap.InvalidBlock, FreeSpaceMap.RecordAndGetPageWithFreeSpace(_rel, 9, 0, 1500));
        // Block Far is in another bottom page: found through the upper levels.
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, Far, 2000);
        Assert.Equal(Far, FreeSpaceMap.RecordAndGetPageWithFreeSpace(_rel, 3, 0, 1500));
    }

    [Fact]
    public void Blocks_beyond_one_map_page_go_through_the_upper_levels()
    {
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, 3, 500);
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, Far, 1000);
        Assert.Equal(1231u, FsmBlocks); // depth-first: root, level 1 page 0, bottom pages 0..1228
        Assert.Equal(3u, FreeSpaceMap.GetPageWithFreeSpace(_rel, 400)); // the first fit from the left
        Assert.Equal(Far, FreeSpaceMap.GetPageWithFreeSpace(_rel, 900));
        Assert.Equal(992, FreeSpaceMap.GetRecordedFreeSpace(_rel, Far));

        // The first block of the second level 1 page: bottom page 4069, map block 4069 + 1 + 2.
        const uint second = FsmPage.Slots * FsmPage.Slots;
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, second + 1, 3000);
        Assert.Equal(4073u, FsmBlocks);
        Assert.Equal(second + 1, FreeSpaceMap.GetPageWithFreeSpace(_rel, 2000));

        EvictMap();
        Assert.Equal(second + 1, FreeSpaceMap.GetPageWithFreeSpace(_rel, 2000));

        // Space going down is seen too: the upper slots that now promise too much are corrected by the search.
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, second + 1, 0);
        Assert.Equal(FreeSpaceMap.InvalidBlock, FreeSpaceMap.GetPageWithFreeSpace(_rel, 2000));
        Assert.Equal(Far, FreeSpaceMap.GetPageWithFreeSpace(_rel, 900));
    }

    [Fact]
    public void Garbage_or_zeroed_map_pages_read_as_empty()
    {
        for (uint b = 0; b < 10; b++)
        {
            FreeSpaceMap.RecordPageWithFreeSpace(_rel, b, 3000);
        }
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, Far, 1000);

        // The bottom page of blocks 0..4068 (map block 2) is garbage: it fails verification and is zeroed, and the
        // upper slots that promised room there are corrected on the way.
        WriteMapBlock(2, 0xA5);
        Assert.Equal(0, FreeSpaceMap.GetRecordedFreeSpace(_rel, 5));
        Assert.Equal(Far, FreeSpaceMap.GetPageWithFreeSpace(_rel, 900));
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, 5, 3000); // and the page is usable again
        Assert.Equal(5u, FreeSpaceMap.GetPageWithFreeSpace(_rel, 2500));

        // Zeros (a page never written before a crash) are as good as an empty page.
        WriteMapBlock(2, 0);
        Assert.Equal(0, FreeSpaceMap.GetRecordedFreeSpace(_rel, 5));
        Assert.Equal(FreeSpaceMap.InvalidBlock, FreeSpaceMap.GetPageWithFreeSpace(_rel, 2500));

        // A garbage root hides the space below it (upper levels too low, as a crash may leave them) until the
        // range is vacuumed; searches do not fail meanwhile.
        WriteMapBlock(0, 0x5A);
        Assert.Equal(FreeSpaceMap.InvalidBlock, FreeSpaceMap.GetPageWithFreeSpace(_rel, 900));
        Assert.Equal(992, FreeSpaceMap.GetRecordedFreeSpace(_rel, Far));
        FreeSpaceMap.Vacuum(_rel);
        Assert.Equal(Far, FreeSpaceMap.GetPageWithFreeSpace(_rel, 900));
    }

    [Fact]
    public void Upper_slots_promising_too_much_are_lowered_by_the_search()
    {
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, 42, 6000);
        // A crash lost the bottom page's write but not the upper pages' (the map is not WAL-logged).
        WriteMapBlock(2, 0);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(FreeSpaceMap.InvalidBlock, FreeSpaceMap.GetPageWithFreeSpace(_rel, 100));
        }
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, 43, 200);
        Assert.Equal(43u, FreeSpaceMap.GetPageWithFreeSpace(_rel, 100));
        Assert.Equal(FreeSpaceMap.InvalidBlock, FreeSpaceMap.GetPageWithFreeSpace(_rel, 300));
    }

    [Fact]
    public void An_upper_slot_left_too_low_is_raised_by_the_next_record_of_that_maximum()
    {
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, 42, 6000);
        WriteMapBlock(0, 0); // the root page lost, the pages below intact
        Assert.Equal(FreeSpaceMap.InvalidBlock, FreeSpaceMap.GetPageWithFreeSpace(_rel, 100));
        // Another block with the same room: the bottom page's maximum does not change, but the path up is checked.
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, 77, 6000);
        Assert.Contains(FreeSpaceMap.GetPageWithFreeSpace(_rel, 100), new[] { 42u, 77u });
    }

    [Fact]
    public void Truncation_forgets_the_blocks_cut_off_and_drop_removes_the_map()
    {
        // Three bottom pages: blocks 0..4068, 4069..8137, 8138..9000. Only blocks from 5000 on have much room.
        for (uint b = 0; b <= 9000; b++)
        {
            FreeSpaceMap.RecordPageWithFreeSpace(_rel, b, b < 5000 ? 100 : 4000);
        }
        Assert.Equal(5u, FsmBlocks);
        Assert.InRange(FreeSpaceMap.GetPageWithFreeSpace(_rel, 3000), 5000u, 9000u);

        FreeSpaceMap.Truncate(_rel, 5000);
        Assert.Equal(4u, FsmBlocks); // the bottom page of 5000 stays, the one after it goes
        Assert.Equal(96, FreeSpaceMap.GetRecordedFreeSpace(_rel, 4999));
        Assert.Equal(0, FreeSpaceMap.GetRecordedFreeSpace(_rel, 5000));
        Assert.Equal(0, FreeSpaceMap.GetRecordedFreeSpace(_rel, 8500));
        Assert.Equal(FreeSpaceMap.InvalidBlock, FreeSpaceMap.GetPageWithFreeSpace(_rel, 3000));
        Assert.InRange(FreeSpaceMap.GetPageWithFreeSpace(_rel, 50), 0u, 4999u);

        FreeSpaceMap.Truncate(_rel, 4069); // a cut at a bottom page's first block drops that page
        Assert.Equal(3u, FsmBlocks);
        Assert.Equal(0, FreeSpaceMap.GetRecordedFreeSpace(_rel, 4069));
        Assert.Equal(96, FreeSpaceMap.GetRecordedFreeSpace(_rel, 4068));

        FreeSpaceMap.Truncate(_rel, 0);
        Assert.Equal(0u, FsmBlocks);
        Assert.Equal(FreeSpaceMap.InvalidBlock, FreeSpaceMap.GetPageWithFreeSpace(_rel, 50));
        FreeSpaceMap.RecordPageWithFreeSpace(_rel, 1, 500);
        Assert.Equal(1u, FreeSpaceMap.GetPageWithFreeSpace(_rel, 50));

        FreeSpaceMap.Drop(_rel);
        Assert.False(_rel.Exists(ForkNumber.FreeSpaceMap));
        Assert.Equal(FreeSpaceMap.InvalidBlock, FreeSpaceMap.GetPageWithFreeSpace(_rel, 50));
    }
}
