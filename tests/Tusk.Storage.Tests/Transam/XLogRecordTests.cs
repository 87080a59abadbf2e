// Record format: build and decode round trips (block references with and without full-page images and holes,
// block data, relation reuse, main data), CRC failure on any flipped bit, layout checks, and the rmgr table.
using Tusk.Storage.Smgr;
using Tusk.Storage.Transam;
using Xunit;

namespace Tusk.Storage.Tests.Transam;

public sealed class XLogRecordTests
{
    static readonly RelFileLocator RelA = new(1663, 5, 16384);
    static readonly RelFileLocator RelB = new(1663, 5, 16390);

    static byte[] Page(int seed, int holeOffset = 0, int holeLength = 0)
    {
        var page = new byte[XLogRecord.BlockSize];
        new Random(seed).NextBytes(page);
        page.AsSpan(holeOffset, holeLength).Clear();
        return page;
    }

    // Builds like XLog.Insert would seal it (prev-link and final CRC).
    static byte[] Build(Lsn prev, Action<XLogRecordBuilderHolder> register, RmgrId rmid = RmgrId.Heap,
        byte info = 0x10, uint xid = 777)
    {
        var buf = new byte[64 * 1024];
        var holder = new XLogRecordBuilderHolder(buf);
        register(holder);
        var rec = holder.Finish(rmid, info, xid);
        XLogRecord.Seal(rec, prev);
        return rec.ToArray();
    }

    // A ref struct cannot be captured by a lambda: the tests register through this wrapper.
    sealed class XLogRecordBuilderHolder(byte[] buffer)
    {
        readonly byte[] _buffer = buffer;

        public List<(byte Id, RelFileLocator Rel, uint Block, byte[]? Page, int HoleOffset, int HoleLength, byte[]? Data, bool WillInit)> Blocks { get; } = [];
        public byte[]? Main { get; set; }

        public Span<byte> Finish(RmgrId rmid, byte info, uint xid)
        {
            var b = new XLogRecordBuilder(_buffer);
            foreach (var x in Blocks)
            {
                if (x.Page != null)
                    b.RegisterBlockWithImage(x.Id, x.Rel, ForkNumber.Main, x.Block, x.Page, x.HoleOffset, x.HoleLength,
                        x.Data, x.WillInit);
                else
                    b.RegisterBlock(x.Id, x.Rel, ForkNumber.Main, x.Block, x.Data, x.WillInit);
            }
            if (Main != null)
                b.SetMainData(Main);
            return b.Finish(rmid, info, xid);
        }
    }

    [Fact]
    public void Round_trip_with_images_block_data_and_main_data()
    {
        byte[] full = Page(1);
        byte[] holed = Page(2, 300, 7000);
        byte[] data0 = [1, 2, 3, 4, 5];
        byte[] main = new byte[300];
        new Random(9).NextBytes(main);
        var prev = new Lsn(0x1_0000_1234);
        byte[] rec = Build(prev, h =>
        {
            h.Blocks.Add((0, RelA, 7, full, 0, 0, data0, false));
            h.Blocks.Add((1, RelA, 8, null, 0, 0, [9, 9], true));
            h.Blocks.Add((3, RelB, 4_000_000_000, holed, 300, 7000, null, false));
            h.Main = main;
        });
        Assert.Equal(XLogDecodeError.None, DecodedRecord.TryDecode(rec, out var d));
        Assert.Equal((uint)rec.Length, d.TotalLength);
        Assert.Equal(777u, d.Xid);
        Assert.Equal(prev, d.Prev);
        Assert.Equal(0x10, d.Info);
        Assert.Equal(RmgrId.Heap, d.Rmid);
        Assert.Equal(3, d.BlockCount);
        Assert.Equal(main, d.MainData.ToArray());

        var b0 = d.Block(0);
        Assert.Equal(0, b0.Id);
        Assert.Equal(RelA, b0.Rel);
        Assert.Equal(ForkNumber.Main, b0.Fork);
        Assert.Equal(7u, b0.BlockNumber);
        Assert.True(b0.HasImage);
        Assert.False(b0.WillInit);
        Assert.Equal(data0, b0.Data.ToArray());
        var page = new byte[XLogRecord.BlockSize];
        b0.RestoreImage(page);
        Assert.Equal(full, page);

        var b1 = d.Block(1);
        Assert.Equal(RelA, b1.Rel); // stored as "same relation as before"
        Assert.Equal(8u, b1.BlockNumber);
        Assert.False(b1.HasImage);
        Assert.True(b1.WillInit);
        Assert.Equal(new byte[] { 9, 9 }, b1.Data.ToArray());

        Assert.True(d.TryGetBlock(3, out var b3));
        Assert.Equal(RelB, b3.Rel);
        Assert.Equal(4_000_000_000u, b3.BlockNumber);
        Assert.Equal(XLogRecord.BlockSize - 7000, b3.ImageBytes.Length);
        Assert.True(b3.Data.IsEmpty);
        page.AsSpan().Fill(0xEE);
        b3.RestoreImage(page);
        Assert.Equal(holed, page);
        Assert.False(d.TryGetBlock(2, out _));
    }

    [Fact]
    public void Record_without_blocks_or_main_data_is_a_bare_header()
    {
        byte[] rec = Build(Lsn.Invalid, _ => { }, RmgrId.Xlog, 0, 0);
        Assert.Equal(XLogRecord.HeaderSize, rec.Length);
        Assert.Equal(XLogDecodeError.None, DecodedRecord.TryDecode(rec, out var d));
        Assert.Equal(0, d.BlockCount);
        Assert.True(d.MainData.IsEmpty);
    }

    [Fact]
    public void Any_flipped_bit_is_rejected()
    {
        byte[] rec = Build(new Lsn(0x1000028), h =>
        {
            h.Blocks.Add((0, RelA, 1, null, 0, 0, [1, 2, 3], false));
            h.Main = [10, 20, 30, 40];
        });
        for (int bit = 0; bit < rec.Length * 8; bit++)
        {
            rec[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(XLogDecodeError.None, DecodedRecord.TryDecode(rec, out _));
            rec[bit / 8] ^= (byte)(1 << (bit % 8));
        }
        Assert.Equal(XLogDecodeError.None, DecodedRecord.TryDecode(rec, out _));
    }

    [Fact]
    public void Flipped_bits_in_a_full_page_image_are_rejected()
    {
        byte[] rec = Build(new Lsn(0x1000028), h => h.Blocks.Add((0, RelA, 1, Page(5, 100, 50), 100, 50, null, false)));
        var rnd = new Random(11);
        for (int i = 0; i < 3000; i++)
        {
            int bit = rnd.Next(rec.Length * 8);
            rec[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(XLogDecodeError.None, DecodedRecord.TryDecode(rec, out _));
            rec[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }

    [Fact]
    public void Length_errors()
    {
        byte[] rec = Build(Lsn.Invalid, h => h.Main = [1, 2, 3]);
        Assert.Equal(XLogDecodeError.Truncated, DecodedRecord.TryDecode(rec.AsSpan(0, rec.Length - 1), out _));
        Assert.Equal(XLogDecodeError.BadLength, DecodedRecord.TryDecode(new byte[64], out _));
        // Longer input than the record: only the record is decoded.
        var longer = rec.Concat(new byte[50]).ToArray();
        Assert.Equal(XLogDecodeError.None, DecodedRecord.TryDecode(longer, out var d));
        Assert.Equal((uint)rec.Length, d.TotalLength);
    }

    [Fact]
    public void Builder_enforces_the_layout()
    {
        var buf = new byte[1000];
        var b = new XLogRecordBuilder(buf);
        b.RegisterBlock(2, RelA, ForkNumber.Main, 1);
        try
        {
            b.RegisterBlock(2, RelA, ForkNumber.Main, 1);
            Assert.Fail("duplicate block id accepted");
        }
        catch (ArgumentOutOfRangeException)
        {
        }
        b.SetMainData([1]);
        try
        {
            b.RegisterBlock(5, RelA, ForkNumber.Main, 1);
            Assert.Fail("block after main data accepted");
        }
        catch (InvalidOperationException)
        {
        }
        var small = new XLogRecordBuilder(new byte[100]);
        try
        {
            small.RegisterBlockWithImage(0, RelA, ForkNumber.Main, 1, new byte[XLogRecord.BlockSize]);
            Assert.Fail("overflow accepted");
        }
        catch (InvalidOperationException)
        {
        }
    }

    [Fact]
    public void Scratch_builder_grows_for_big_records()
    {
        var b = XLogRecordBuilder.Begin();
        var page = Page(8);
        for (byte i = 0; i < 12; i++)
            b.RegisterBlockWithImage(i, RelA, ForkNumber.Main, i, page);
        var rec = b.Finish(RmgrId.Heap, 0, 1);
        XLogRecord.Seal(rec, Lsn.Invalid);
        Assert.Equal(XLogDecodeError.None, DecodedRecord.TryDecode(rec, out var d));
        Assert.Equal(12, d.BlockCount);
        Assert.True(rec.Length > 12 * XLogRecord.BlockSize);
    }

    [Fact]
    public void Rmgr_table_dispatches_redo()
    {
        int seen = -1;
        RmgrTable.Register(RmgrId.LogicalMessage, "TestRmgr", (in DecodedRecord r) => seen = r.MainData[0]);
        byte[] rec = Build(Lsn.Invalid, h => h.Main = [42], RmgrId.LogicalMessage);
        Assert.Equal(XLogDecodeError.None, DecodedRecord.TryDecode(rec, out var d));
        RmgrTable.Redo(in d);
        Assert.Equal(42, seen);
        Assert.Equal("TestRmgr", RmgrTable.NameOf(RmgrId.LogicalMessage));
        Assert.Contains("main data 1 bytes", RmgrTable.Describe(in d));
        Assert.Equal("Brin", RmgrTable.NameOf(RmgrId.Brin));
        byte[] other = Build(Lsn.Invalid, _ => { }, RmgrId.Brin);
        Assert.Equal(XLogDecodeError.None, DecodedRecord.TryDecode(other, out var d2));
        try
        {
            RmgrTable.Redo(in d2);
            Assert.Fail("redo without a routine");
        }
        catch (InvalidOperationException)
        {
        }
    }
}
