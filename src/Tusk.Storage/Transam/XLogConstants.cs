// WAL geometry (xlog_internal.h): 8 KB pages, each starting with a page header; 16 MB segment files by default;
// records start 8-byte aligned. Insert positions are counted in "usable bytes" (page headers left out), which
// makes reserving space one addition; these helpers convert between the two. Tusk's own format: every page
// has the same 24-byte header (PostgreSQL has a longer one on each segment's first page).
using System.Runtime.InteropServices;

namespace Tusk.Storage.Transam;

/// <summary>Sizes and conversions of the WAL stream layout.</summary>
public static class XLogConstants
{
    /// <summary>XLOG_BLCKSZ: WAL page size.</summary>
    public const int PageSize = 8192;

    /// <summary>Default wal_segment_size (16 MB), as PostgreSQL.</summary>
    public const int DefaultSegmentSize = 16 * 1024 * 1024;

    /// <summary>Size of <see cref="XLogPageHeader"/>.</summary>
    public const int PageHeaderSize = 24;

    /// <summary>Bytes of a page available to records.</summary>
    public const int UsableBytesInPage = PageSize - PageHeaderSize;

    /// <summary>Records start at multiples of this (MAXALIGN).</summary>
    public const int RecordAlign = 8;

    /// <summary>Page magic (XLOG_PAGE_MAGIC): changes whenever the page or record format changes.</summary>
    public const ushort PageMagic = 0x7A01;

    /// <summary>The one timeline until recovery targets and promotion exist.</summary>
    public const uint DefaultTimeline = 1;

    public static long AlignRecord(long n) => (n + RecordAlign - 1) & ~(long)(RecordAlign - 1);

    /// <summary>True for a segment size Tusk accepts (a power of two from 64 kB to 1 GB).</summary>
    public static bool IsValidSegmentSize(int size) =>
        size >= 64 * 1024 && size <= 1024 * 1024 * 1024 && (size & (size - 1)) == 0;

    /// <summary>XLogBytePosToRecPtr: the LSN of a usable-byte position (a record's start).</summary>
    public static Lsn BytePosToRecPtr(ulong bytePos)
    {
        ulong fullPages = bytePos / UsableBytesInPage;
        ulong rest = bytePos % UsableBytesInPage;
        return new Lsn(fullPages * PageSize + PageHeaderSize + rest);
    }

    /// <summary>
    /// XLogBytePosToEndRecPtr: like <see cref="BytePosToRecPtr"/>, but a position at a page boundary maps to the
    /// end of the previous page rather than past the next page's header (a record's end).
    /// </summary>
    public static Lsn BytePosToEndRecPtr(ulong bytePos)
    {
        ulong fullPages = bytePos / UsableBytesInPage;
        ulong rest = bytePos % UsableBytesInPage;
        return new Lsn(rest == 0 ? fullPages * PageSize : fullPages * PageSize + PageHeaderSize + rest);
    }

    /// <summary>XLogRecPtrToBytePos: the usable-byte position of an LSN (not inside a page header).</summary>
    public static ulong RecPtrToBytePos(Lsn ptr)
    {
        ulong fullPages = ptr.Value / PageSize;
        ulong offset = ptr.Value % PageSize;
        if (offset == 0)
            return fullPages * UsableBytesInPage;
        if (offset < PageHeaderSize)
            throw new ArgumentOutOfRangeException(nameof(ptr), $"LSN {ptr} points into a page header");
        return fullPages * UsableBytesInPage + offset - PageHeaderSize;
    }

    /// <summary>Start of the record that would follow one ending at <paramref name="end"/>.</summary>
    public static Lsn NextRecordStart(Lsn end) =>
        BytePosToRecPtr((ulong)AlignRecord((long)RecPtrToBytePos(end)));

    /// <summary>
    /// XLogFileName: the 24 hex digits of a segment file (timeline, then the segment number split into "log"
    /// and "seg" at 4 GB, as PostgreSQL names them).
    /// </summary>
    public static string SegmentFileName(uint timeline, ulong segment, int segmentSize)
    {
        ulong segmentsPerId = 0x1_0000_0000UL / (ulong)segmentSize;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{timeline:X8}{(uint)(segment / segmentsPerId):X8}{(uint)(segment % segmentsPerId):X8}");
    }

    /// <summary>Parses a segment file name; false for anything else (temporary files, history files).</summary>
    public static bool TryParseSegmentFileName(ReadOnlySpan<char> name, int segmentSize, out uint timeline,
        out ulong segment)
    {
        timeline = 0;
        segment = 0;
        const System.Globalization.NumberStyles hex = System.Globalization.NumberStyles.AllowHexSpecifier;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (name.Length != 24 || !uint.TryParse(name[..8], hex, inv, out timeline)
            || !uint.TryParse(name[8..16], hex, inv, out uint log) || !uint.TryParse(name[16..], hex, inv, out uint seg))
            return false;
        ulong segmentsPerId = 0x1_0000_0000UL / (ulong)segmentSize;
        if (seg >= segmentsPerId)
            return false;
        segment = log * segmentsPerId + seg;
        return true;
    }
}

/// <summary>
/// XLogPageHeaderData: the first 24 bytes of every WAL page. Written by the inserter that initialises the page
/// in the WAL buffers (AdvanceXLInsertBuffer); <see cref="RemainingLength"/> and the continuation flag by the
/// inserter whose record continues onto the page.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = XLogConstants.PageHeaderSize)]
public struct XLogPageHeader
{
    /// <summary><see cref="XLogConstants.PageMagic"/>.</summary>
    public ushort Magic;
    /// <summary><see cref="XLogPageFlags"/>.</summary>
    public ushort Info;
    /// <summary>Timeline of the WAL on this page.</summary>
    public uint Timeline;
    /// <summary>LSN of the page's first byte: tells a page of this cycle from a stale one in a reused file.</summary>
    public ulong PageAddress;
    /// <summary>Bytes of a record continued from the previous page that remain (this page and later ones).</summary>
    public uint RemainingLength;
    public uint Reserved;
}

[Flags]
public enum XLogPageFlags : ushort
{
    None = 0,
    /// <summary>XLP_FIRST_IS_CONTRECORD: the page starts with the continuation of a record.</summary>
    FirstIsContinuation = 1,
}
