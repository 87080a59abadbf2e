// LSN text form and arithmetic, usable-byte position conversions, segment file names.
using Tusk.Storage.Transam;
using Xunit;

namespace Tusk.Storage.Tests.Transam;

public sealed class LsnTests
{
    [Theory]
    [InlineData(0x0UL, "0/0")]
    [InlineData(0x16B3748UL, "0/16B3748")]
    [InlineData(0x1_0000_0028UL, "1/28")]
    [InlineData(0xFFFFFFFF_FFFFFFFFUL, "FFFFFFFF/FFFFFFFF")]
    public void Prints_as_PostgreSQL_and_parses_back(ulong value, string text)
    {
        Assert.Equal(text, new Lsn(value).ToString());
        Assert.Equal(new Lsn(value), Lsn.Parse(text));
    }

    [Fact]
    public void Parses_short_halves_and_rejects_garbage()
    {
        Assert.Equal(new Lsn(0x2_0000_00A1UL), Lsn.Parse("2/A1"));
        Assert.False(Lsn.TryParse("12345", out _));
        Assert.False(Lsn.TryParse("/1", out _));
        Assert.False(Lsn.TryParse("1/", out _));
        Assert.False(Lsn.TryParse("1/123456789", out _));
        Assert.False(Lsn.TryParse("G/1", out _));
    }

    [Fact]
    public void Segment_number_and_offset()
    {
        const int seg = 16 * 1024 * 1024;
        var lsn = new Lsn(0x3_0200_0123UL);
        Assert.Equal(0x302UL, lsn.Segment(seg));
        Assert.Equal(0x123, lsn.SegmentOffset(seg));
        Assert.Equal(0x123, lsn.PageOffset);
        Assert.Equal(lsn, Lsn.FromSegment(0x302, 0x123, seg));
        Assert.True(new Lsn(5) < new Lsn(6));
        Assert.Equal(10, new Lsn(16) - new Lsn(6));
    }

    [Fact]
    public void Segment_file_names_follow_PostgreSQL()
    {
        const int seg = 16 * 1024 * 1024;
        Assert.Equal("000000010000000000000001", XLogConstants.SegmentFileName(1, 1, seg));
        Assert.Equal("0000000100000001000000FF", XLogConstants.SegmentFileName(1, 0x1FF, seg));
        Assert.Equal("000000020000000000000FFF", XLogConstants.SegmentFileName(2, 0xFFF, 1 << 20));
        Assert.True(XLogConstants.TryParseSegmentFileName("0000000100000001000000FF", seg, out uint tli, out ulong n));
        Assert.Equal(1u, tli);
        Assert.Equal(0x1FFUL, n);
        Assert.False(XLogConstants.TryParseSegmentFileName("000000010000000100000100", seg, out _, out _));
        Assert.False(XLogConstants.TryParseSegmentFileName("xlogtemp.123", seg, out _, out _));
    }

    [Fact]
    public void Byte_positions_skip_page_headers()
    {
        Assert.Equal(new Lsn(24), XLogConstants.BytePosToRecPtr(0));
        Assert.Equal(new Lsn(8192 + 24), XLogConstants.BytePosToRecPtr(8168));
        Assert.Equal(new Lsn(8192), XLogConstants.BytePosToEndRecPtr(8168));
        Assert.Equal(new Lsn(8192 + 24 + 8), XLogConstants.BytePosToEndRecPtr(8176));
        var rnd = new Random(7);
        for (int i = 0; i < 10_000; i++)
        {
            ulong pos = (ulong)rnd.NextInt64(0, 1L << 40);
            Assert.Equal(pos, XLogConstants.RecPtrToBytePos(XLogConstants.BytePosToRecPtr(pos)));
            Assert.Equal(pos, XLogConstants.RecPtrToBytePos(XLogConstants.BytePosToEndRecPtr(pos)));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => XLogConstants.RecPtrToBytePos(new Lsn(8192 + 3)));
        // A record ending at a page boundary is followed by one right after the next page's header.
        Assert.Equal(new Lsn(8192 + 24), XLogConstants.NextRecordStart(new Lsn(8192)));
        Assert.Equal(new Lsn(100 + 4), XLogConstants.NextRecordStart(new Lsn(100)));
    }
}
