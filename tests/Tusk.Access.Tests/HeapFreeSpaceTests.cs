// Heap inserts and the free space map: a row goes to an earlier page with room (found through the map) rather than
// to a new block, pages found too full are recorded with their real free space, new blocks are recorded with what
// is left after the insert, and truncate and drop take the map with the relation.
using Tusk.LockHammer;
using System.Text;
using Tusk.Access.Heap;
using Tusk.Storage.Buffer;
using Tusk.Storage.Freespace;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Smgr;
using Tusk.Storage.Transam;

namespace Tusk.Access.Tests;

[Collection(SharedStatics.Name)]
public sealed class HeapFreeSpaceTests : IDisposable
{
    readonly TestSegment _segment = new("heap-fsm", nbuffers: 16);

    public void Dispose() => _segment.Dispose();

    static byte[] Row(int length, char fill) => Encoding.ASCII.GetBytes(new string(fill, length));

    static int PageFree(HeapRelation rel, uint block)
    {
        var b = BufMgr.ReadBuffer(Smgr.Open(rel.Locator), ForkNumber.Main, block);
        BufMgr.LockBuffer(b, LWLockMode.Shared);
        int free = BufMgr.GetPage(b).FreeSpace;
        BufMgr.UnlockReleaseBuffer(b);
        return free;
    }

    static (HeapRelation Rel, SmgrRelation Smgr) Create(uint relNumber)
    {
        var locator = new RelFileLocator(RelFileLocator.DefaultTablespace, 1, relNumber);
        return (HeapRelation.Create(locator), Smgr.Open(locator));
    }

    static List<string> Scan(HeapRelation rel)
    {
        var rows = new List<string>();
        using var scan = rel.BeginScan(ProcArray.GetSnapshot(), Nobody.Instance);
        while (scan.Next(out _, out var data))
        {
            rows.Add(Encoding.ASCII.GetString(data));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    [Fact]
    public void An_insert_goes_to_an_earlier_page_with_room_instead_of_extending()
    {
        var (rel, smgr) = Create(21000);
        uint xid = VarSup.GetNewTransactionId();

        // Rows of different sizes leave pages of different fill; nothing is deleted. Block 1 keeps about 4 KB free,
        // the others about 1 KB.
        Assert.Equal(0u, rel.Insert(Row(7000, 'a'), xid, 0).Block);
        Assert.Equal(1u, rel.Insert(Row(4000, 'b'), xid, 0).Block);
        Assert.Equal(2u, rel.Insert(Row(7000, 'c'), xid, 0).Block); // block 1 has no room for it: a new block
        Assert.Equal(3u, rel.Insert(Row(7000, 'd'), xid, 0).Block);
        Assert.Equal(4u, rel.NBlocks);

        // Every block was recorded with the room left after its insert.
        for (uint b = 0; b < 4; b++)
        {
            int free = PageFree(rel, b);
            int recorded = FreeSpaceMap.GetRecordedFreeSpace(smgr, b);
            Assert.InRange(recorded, free - FreeSpaceMap.CategoryStep + 1, free);
        }
        Assert.True(FreeSpaceMap.GetRecordedFreeSpace(smgr, 1) > 3500);

        // The target block (3) is too full for 3500 bytes: the map offers block 1, and the file does not grow.
        var tid = rel.Insert(Row(3500, 'e'), xid, 0);
        Assert.Equal(1u, tid.Block);
        Assert.Equal(4u, rel.NBlocks);
        Assert.Equal(PageFree(rel, 3) / 32 * 32, FreeSpaceMap.GetRecordedFreeSpace(smgr, 3)); // the real value, recorded

        // Another process's view of the relation (no target block yet) asks the map first and also stays in the file.
        var other = HeapRelation.Open(rel.Locator);
        for (int i = 0; i < 3; i++)
        {
            var t = other.Insert(Row(900, (char)('f' + i)), xid, 0);
            Assert.True(t.Block < 4, $"row went to block {t.Block}");
        }
        Assert.Equal(4u, rel.NBlocks);

        // Only once no page has room does the relation grow.
        Assert.Equal(4u, rel.Insert(Row(6000, 'z'), xid, 0).Block);
        Assert.Equal(5u, rel.NBlocks);

        Clog.SetTreeStatus(xid, [], XidStatus.Committed);
        ProcArray.EndTransaction(xid);
        Assert.Equal(9, Scan(rel).Count);
    }

    [Fact]
    public void A_stale_map_entry_is_corrected_by_recording_the_real_free_space()
    {
        var (rel, smgr) = Create(21001);
        const uint xid = 3;
        Assert.Equal(0u, rel.Insert(Row(7000, 'a'), xid, 0).Block);
        Assert.Equal(1u, rel.Insert(Row(7000, 'b'), xid, 0).Block);

        // The map claims block 0 is empty (a stale hint, as after a crash), and a block past the end has room.
        FreeSpaceMap.RecordPageWithFreeSpace(smgr, 0, 8000);
        FreeSpaceMap.RecordPageWithFreeSpace(smgr, 7, 8000);
        var other = HeapRelation.Open(rel.Locator);
        Assert.Equal(2u, other.Insert(Row(5000, 'c'), xid, 0).Block); // looked at 0 and 7, then extended
        Assert.Equal(PageFree(rel, 0) / 32 * 32, FreeSpaceMap.GetRecordedFreeSpace(smgr, 0));
        Assert.Equal(0, FreeSpaceMap.GetRecordedFreeSpace(smgr, 7));
        Assert.Equal(3u, rel.NBlocks);
    }

    [Fact]
    public void The_largest_row_fits_on_an_empty_page()
    {
        var (rel, _) = Create(21002);
        Assert.Equal(8160, HeapRelation.MaxTupleSize);
        Assert.Equal(0u, rel.Insert(new byte[HeapRelation.MaxDataSize], 3, 0).Block);
        Assert.Equal(1u, rel.Insert(new byte[HeapRelation.MaxDataSize], 3, 0).Block);
        var e = Assert.Throws<Tusk.Common.Errors.PgException>(() => rel.Insert(new byte[HeapRelation.MaxDataSize + 1], 3, 0));
        Assert.Equal("54000", e.SqlState);
        Assert.Contains("maximum size 8160", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_empties_the_map_and_drop_removes_it()
    {
        var (rel, smgr) = Create(21003);
        for (int i = 0; i < 10; i++)
        {
            rel.Insert(Row(3000, 'x'), 3, 0);
        }
        Assert.Equal(5u, rel.NBlocks);
        Assert.True(smgr.NBlocks(ForkNumber.FreeSpaceMap) > 0);
        Assert.True(FreeSpaceMap.GetRecordedFreeSpace(smgr, 4) > 0);

        rel.Truncate();
        Assert.Equal(0u, smgr.NBlocks(ForkNumber.FreeSpaceMap));
        Assert.Equal(FreeSpaceMap.InvalidBlock, FreeSpaceMap.GetPageWithFreeSpace(smgr, 10));
        Assert.Equal(0u, rel.Insert(Row(3000, 'y'), 3, 0).Block);
        Assert.Equal(1u, rel.NBlocks);

        rel.Drop();
        Assert.False(smgr.Exists(ForkNumber.FreeSpaceMap));
        Assert.False(smgr.Exists(ForkNumber.Main));
    }
}
