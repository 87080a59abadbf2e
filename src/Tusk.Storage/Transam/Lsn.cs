// Log sequence number (xlogdefs.h XLogRecPtr): a byte position in the WAL stream. 0 is invalid; WAL starts
// at the first segment (segment 1), so no record ever has LSN 0. Text form as PostgreSQL's pg_lsn: "X/XXXXXXXX"
// (high and low 32 bits in hex). Segment number and offset depend on the segment size (a power of two).
using System.Globalization;

namespace Tusk.Storage.Transam;

/// <summary>A position in the WAL stream (bytes since its origin).</summary>
public readonly record struct Lsn(ulong Value) : IComparable<Lsn>
{
    /// <summary>InvalidXLogRecPtr.</summary>
    public static readonly Lsn Invalid;

    public bool IsValid => Value != 0;

    /// <summary>XLByteToSeg: the number of the segment holding this byte.</summary>
    public ulong Segment(int segmentSize) => Value / (ulong)segmentSize;

    /// <summary>XLogSegmentOffset: offset of this byte in its segment.</summary>
    public int SegmentOffset(int segmentSize) => (int)(Value & ((ulong)segmentSize - 1));

    /// <summary>Offset of this byte in its WAL page.</summary>
    public int PageOffset => (int)(Value % XLogConstants.PageSize);

    /// <summary>XLogSegNoOffsetToRecPtr: the LSN of an offset in a segment.</summary>
    public static Lsn FromSegment(ulong segment, int offset, int segmentSize) =>
        new(segment * (ulong)segmentSize + (ulong)offset);

    public int CompareTo(Lsn other) => Value.CompareTo(other.Value);

    public static bool operator <(Lsn a, Lsn b) => a.Value < b.Value;
    public static bool operator >(Lsn a, Lsn b) => a.Value > b.Value;
    public static bool operator <=(Lsn a, Lsn b) => a.Value <= b.Value;
    public static bool operator >=(Lsn a, Lsn b) => a.Value >= b.Value;
    public static Lsn operator +(Lsn a, long bytes) => new((ulong)((long)a.Value + bytes));
    public static long operator -(Lsn a, Lsn b) => (long)(a.Value - b.Value);

    public static Lsn Max(Lsn a, Lsn b) => a.Value >= b.Value ? a : b;

    public static Lsn Min(Lsn a, Lsn b) => a.Value <= b.Value ? a : b;

    /// <summary>"X/X" (hex, no padding), as PostgreSQL prints an LSN.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(uint)(Value >> 32):X}/{(uint)Value:X}");

    /// <summary>Parses "X/X" (each half 1 to 8 hex digits, as pg_lsn input).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Lsn lsn)
    {
        lsn = Invalid;
        int slash = text.IndexOf('/');
        if (slash <= 0 || slash > 8 || text.Length - slash - 1 is < 1 or > 8)
            return false;
        if (!uint.TryParse(text[..slash], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint hi)
            || !uint.TryParse(text[(slash + 1)..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture,
                out uint lo))
            return false;
        lsn = new Lsn(((ulong)hi << 32) | lo);
        return true;
    }

    public static Lsn Parse(string text) =>
        TryParse(text, out var lsn) ? lsn : throw new FormatException($"invalid LSN: \"{text}\"");
}
