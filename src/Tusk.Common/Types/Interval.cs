// interval's value as PostgreSQL keeps it: months, days and microseconds, each with its own sign and never
// normalised into one another except by the justify_* functions. A Datum of type interval holds it boxed in Ref;
// the stored row form is 16 bytes: int8 microseconds, int4 days, int4 months (little-endian).
// Entry points: Interval.Read / Write (stored form), CompareKey (PG's 30-day-month, 24-hour-day ordering).
using System.Buffers.Binary;

namespace Tusk.Common.Types;

/// <summary>A PostgreSQL interval: months, days and microseconds.</summary>
public readonly record struct Interval(int Months, int Days, long Micros)
{
    public const long MicrosPerDay = 86_400_000_000;

    /// <summary>The 16-byte stored (and binary wire) field order: time, day, month.</summary>
    public static Interval Read(ReadOnlySpan<byte> b, bool bigEndian) => bigEndian
        ? new(BinaryPrimitives.ReadInt32BigEndian(b[12..]), BinaryPrimitives.ReadInt32BigEndian(b[8..]),
            BinaryPrimitives.ReadInt64BigEndian(b))
        : new(BinaryPrimitives.ReadInt32LittleEndian(b[12..]), BinaryPrimitives.ReadInt32LittleEndian(b[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(b));

    public void Write(Span<byte> b, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteInt64BigEndian(b, Micros);
            BinaryPrimitives.WriteInt32BigEndian(b[8..], Days);
            BinaryPrimitives.WriteInt32BigEndian(b[12..], Months);
        }
        else
        {
            BinaryPrimitives.WriteInt64LittleEndian(b, Micros);
            BinaryPrimitives.WriteInt32LittleEndian(b[8..], Days);
            BinaryPrimitives.WriteInt32LittleEndian(b[12..], Months);
        }
    }

    /// <summary>interval_cmp's key: a month is 30 days and a day 24 hours (128-bit, cannot overflow).</summary>
    public Int128 CompareKey => (Int128)Micros + ((Int128)Months * 30 + Days) * MicrosPerDay;
}
