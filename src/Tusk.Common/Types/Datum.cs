// A single SQL value in a form the first executor can pass around: a type OID plus either an integer
// payload (bool, ints, oid, timestamps as microseconds since 2000-01-01), a double, or a reference
// (string, NumericValue, byte[], ArrayValue). The batch executor of later issues keeps values in column vectors.
// A value read from a stored tuple whose bytes stay in the tuple (varlena, and fixed-width types not passed by
// value: uuid, interval, name) is an in-tuple reference: Ref is a marker, Int packs the offset and length of its
// bytes in the tuple it was read from (Tusk.Access.Common.HeapTuple.GetBytes / Materialize turn it into bytes or
// an owned value). It is valid only while that tuple's bytes are (the scan's pinned page).
namespace Tusk.Common.Types;

/// <summary>One typed SQL value (or NULL).</summary>
public readonly struct Datum
{
    public readonly uint Type;
    public readonly bool IsNull;
    public readonly long Int;
    public readonly double Float;
    public readonly object? Ref;

    Datum(uint type, bool isNull, long i, double f, object? r)
    {
        Type = type;
        IsNull = isNull;
        Int = i;
        Float = f;
        Ref = r;
    }

    public static Datum Null(uint type) => new(type, true, 0, 0, null);

    public static Datum FromBool(bool b) => new(TypeOid.Bool, false, b ? 1 : 0, 0, null);

    public static Datum FromInt2(short v) => new(TypeOid.Int2, false, v, 0, null);

    public static Datum FromInt4(int v) => new(TypeOid.Int4, false, v, 0, null);

    public static Datum FromInt8(long v) => new(TypeOid.Int8, false, v, 0, null);

    public static Datum FromOid(uint v) => new(TypeOid.Oid, false, v, 0, null);

    /// <summary>regclass: the relation's OID, and its name as regclassout prints it when known (else the number).</summary>
    public static Datum FromRegclass(uint oid, string? name) => new(TypeOid.Regclass, false, oid, 0, name);

    public static Datum FromFloat4(float v) => new(TypeOid.Float4, false, 0, v, null);

    public static Datum FromFloat8(double v) => new(TypeOid.Float8, false, 0, v, null);

    public static Datum FromNumeric(NumericValue v) => new(TypeOid.Numeric, false, 0, 0, v);

    /// <summary>A numeric with a decimal's value and scale (convenience for callers holding decimals).</summary>
    public static Datum FromNumeric(decimal v) => FromNumeric(NumericValue.FromDecimal(v));

    /// <summary>Text-like value (text, varchar, name, unknown, bpchar).</summary>
    public static Datum FromText(string s, uint type = TypeOid.Text) => new(type, false, 0, 0, s);

    public static Datum FromBytes(byte[] b) => new(TypeOid.Bytea, false, 0, 0, b);

    /// <summary>timestamptz / timestamp: microseconds since 2000-01-01 00:00:00 UTC.</summary>
    public static Datum FromTimestampTz(long pgMicros) => new(TypeOid.TimestampTz, false, pgMicros, 0, null);

    /// <summary>inet: the address text (e.g. "127.0.0.1"); output appends nothing for host addresses.</summary>
    public static Datum FromInet(string address) => new(TypeOid.Inet, false, 0, 0, address);

    /// <summary>date: days since 2000-01-01.</summary>
    public static Datum FromDate(int pgDays) => new(TypeOid.Date, false, pgDays, 0, null);

    /// <summary>time: microseconds since midnight.</summary>
    public static Datum FromTime(long micros) => new(TypeOid.Time, false, micros, 0, null);

    /// <summary>timestamp (without time zone): microseconds since 2000-01-01 00:00:00.</summary>
    public static Datum FromTimestamp(long pgMicros) => new(TypeOid.Timestamp, false, pgMicros, 0, null);

    /// <summary>timetz: microseconds since midnight (Int) and the zone's offset east of UTC in seconds (Float).</summary>
    public static Datum FromTimeTz(long micros, int offsetEast) => new(TypeOid.TimeTz, false, micros, offsetEast, null);

    /// <summary>interval: months, days and microseconds, boxed in Ref.</summary>
    public static Datum FromInterval(Interval v) => new(TypeOid.Interval, false, 0, 0, v);

    /// <summary>An array, typed as its array type (int4[] for int4 elements).</summary>
    public static Datum FromArray(ArrayValue a) => new(a.ArrayType, false, 0, 0, a);

    static readonly object InTupleMarker = new();

    /// <summary>
    /// A value whose bytes stay in a stored tuple: <paramref name="offset"/> and <paramref name="length"/> of its
    /// payload (after any varlena header) in that tuple. Nothing is copied or allocated.
    /// </summary>
    public static Datum InTuple(uint type, int offset, int length) =>
        new(type, false, ((long)length << 32) | (uint)offset, 0, InTupleMarker);

    /// <summary>The value is an in-tuple reference (see <see cref="InTuple"/>).</summary>
    public bool IsInTuple => ReferenceEquals(Ref, InTupleMarker);

    /// <summary>Offset of an in-tuple value's payload in its tuple.</summary>
    public int TupleOffset => (int)Int;

    /// <summary>Length of an in-tuple value's payload.</summary>
    public int TupleLength => (int)(Int >> 32);

    public static Datum Void() => new(TypeOid.Void, false, 0, 0, null);

    public bool Bool => Int != 0;
    public string Text => (string)Ref!;
    public NumericValue Numeric => (NumericValue)Ref!;
    public ArrayValue Array => (ArrayValue)Ref!;

    /// <summary>An interval value (also from the 16-byte stored form as a byte[]).</summary>
    public Interval Interval => Ref is byte[] b ? Interval.Read(b, bigEndian: false) : (Interval)Ref!;

    /// <summary>A timetz value's zone offset east of UTC in seconds.</summary>
    public int ZoneOffset => (int)Float;

    /// <summary>Same payload, relabelled with another type (binary-compatible casts).</summary>
    public Datum WithType(uint type) => new(type, IsNull, Int, Float, Ref);
}
