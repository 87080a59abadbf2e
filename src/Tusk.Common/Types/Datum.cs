// A single SQL value in a form the first executor can pass around: a type OID plus either an integer
// payload (bool, ints, oid, timestamps as microseconds since 2000-01-01), a double, or a reference
// (string, decimal as boxed, byte[]). The batch executor of later issues keeps values in column vectors.
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

    public static Datum FromFloat4(float v) => new(TypeOid.Float4, false, 0, v, null);

    public static Datum FromFloat8(double v) => new(TypeOid.Float8, false, 0, v, null);

    public static Datum FromNumeric(decimal v) => new(TypeOid.Numeric, false, 0, 0, v);

    /// <summary>Text-like value (text, varchar, name, unknown, bpchar).</summary>
    public static Datum FromText(string s, uint type = TypeOid.Text) => new(type, false, 0, 0, s);

    public static Datum FromBytes(byte[] b) => new(TypeOid.Bytea, false, 0, 0, b);

    /// <summary>timestamptz / timestamp: microseconds since 2000-01-01 00:00:00 UTC.</summary>
    public static Datum FromTimestampTz(long pgMicros) => new(TypeOid.TimestampTz, false, pgMicros, 0, null);

    /// <summary>inet: the address text (e.g. "127.0.0.1"); output appends nothing for host addresses.</summary>
    public static Datum FromInet(string address) => new(TypeOid.Inet, false, 0, 0, address);

    public static Datum Void() => new(TypeOid.Void, false, 0, 0, null);

    public bool Bool => Int != 0;
    public string Text => (string)Ref!;
    public decimal Numeric => (decimal)Ref!;

    /// <summary>Same payload, relabelled with another type (binary-compatible casts).</summary>
    public Datum WithType(uint type) => new(type, IsNull, Int, Float, Ref);
}
