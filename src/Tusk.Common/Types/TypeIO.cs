// Type input/output functions (utils/adt): PostgreSQL's text and binary wire formats per type OID.
// Entry points: ToText, WriteBinary, FromText, FromBinary, HasBinary.
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>Text and binary input/output of <see cref="Datum"/> values.</summary>
public static partial class TypeIO
{
    /// <summary>2000-01-01 00:00:00 UTC, PostgreSQL's timestamp epoch.</summary>
    public static readonly DateTime PgEpoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static long ToPgMicros(DateTime utc) => (utc.Ticks - PgEpoch.Ticks) / 10;

    public static DateTime FromPgMicros(long micros) => new(PgEpoch.Ticks + micros * 10, DateTimeKind.Utc);

    public static bool HasBinary(uint type) => type is TypeOid.Bool or TypeOid.Int2 or TypeOid.Int4 or TypeOid.Int8
        or TypeOid.Oid or TypeOid.Float4 or TypeOid.Float8 or TypeOid.Text or TypeOid.Varchar or TypeOid.Name
        or TypeOid.Bpchar or TypeOid.Unknown or TypeOid.TimestampTz or TypeOid.Timestamp or TypeOid.Bytea
        or TypeOid.Numeric or TypeOid.Inet or TypeOid.Xid or TypeOid.Char or TypeOid.Void or TypeOid.Date
        or TypeOid.Time or TypeOid.TimeTz or TypeOid.Interval
        or TypeOid.Uuid or TypeOid.Json or TypeOid.Jsonb
        || (ArrayTypes.ElementOf(type) is var e && e != 0 && HasBinary(e)) || HasExtendedBinary(type);

    /// <summary>PostgreSQL's text output of a non-null value.</summary>
    public static string ToText(in Datum d, OutputContext ctx)
    {
        switch (d.Type)
        {
            case TypeOid.Bool:
                return d.Bool ? "t" : "f";
            case TypeOid.Int2:
            case TypeOid.Int4:
            case TypeOid.Int8:
            case TypeOid.Oid:
            case TypeOid.Xid:
            case TypeOid.Cid:
                return d.Int.ToString(CultureInfo.InvariantCulture);
            case TypeOid.Tid:
                return TidOut(d.Int);
            case TypeOid.Float4:
                return NumberIO.FormatFloat4((float)d.Float, ctx.ExtraFloatDigits);
            case TypeOid.Float8:
                return NumberIO.FormatFloat8(d.Float, ctx.ExtraFloatDigits);
            case TypeOid.Numeric:
                return d.Numeric.ToString();
            case TypeOid.TimestampTz:
                return DateTimeFormat.TimestampTz(d.Int, ctx);
            case TypeOid.Timestamp:
                return DateTimeFormat.Timestamp(d.Int, ctx);
            case TypeOid.Date:
                return DateTimeFormat.Date((int)d.Int, ctx);
            case TypeOid.Time:
                return DateTimeFormat.Time(d.Int);
            case TypeOid.TimeTz:
                return DateTimeFormat.TimeTz(d.Int, d.ZoneOffset);
            case TypeOid.Interval:
                return DateTimeFormat.Interval(d.Interval, ctx);
            case TypeOid.Bytea:
                return ByteaText.Format((byte[])d.Ref!, ctx.ByteaHex);
            case TypeOid.Void:
                return "";
            case TypeOid.Char when d.Ref is null:
                // "char" as stored: one byte (0 is the empty string).
                // charout: a byte with the high bit set prints as \ooo.
                return d.Int == 0 ? "" : (byte)d.Int >= 128
                    ? "\\" + Convert.ToString((byte)d.Int, 8).PadLeft(3, '0')
                    : ((char)(byte)d.Int).ToString();
            case TypeOid.Regproc or TypeOid.Regclass or TypeOid.Regtype when d.Ref is null:
                return d.Int == 0 ? "-" : d.Int.ToString(CultureInfo.InvariantCulture);
            default:
                if (d.Ref is ArrayValue a)
                    return ArrayText.Format(a, ctx);
                return TryExtendedToText(d, ctx, out string? text) ? text : d.Ref?.ToString() ?? "";
        }
    }

    /// <summary>Appends PostgreSQL's binary send format of a non-null value.</summary>
    public static void WriteBinary(in Datum d, IBufferWriter<byte> w)
    {
        switch (d.Type)
        {
            case TypeOid.Bool:
                w.GetSpan(1)[0] = d.Bool ? (byte)1 : (byte)0;
                w.Advance(1);
                break;
            case TypeOid.Int2:
                BinaryPrimitives.WriteInt16BigEndian(w.GetSpan(2), (short)d.Int);
                w.Advance(2);
                break;
            case TypeOid.Int4:
                BinaryPrimitives.WriteInt32BigEndian(w.GetSpan(4), (int)d.Int);
                w.Advance(4);
                break;
            case TypeOid.Oid:
            case TypeOid.Xid:
            case TypeOid.Regclass:
            case TypeOid.Regtype:
                BinaryPrimitives.WriteUInt32BigEndian(w.GetSpan(4), (uint)d.Int);
                w.Advance(4);
                break;
            case TypeOid.Int8:
            case TypeOid.TimestampTz:
            case TypeOid.Timestamp:
            case TypeOid.Time:
                BinaryPrimitives.WriteInt64BigEndian(w.GetSpan(8), d.Int);
                w.Advance(8);
                break;
            case TypeOid.Date:
                BinaryPrimitives.WriteInt32BigEndian(w.GetSpan(4), (int)d.Int);
                w.Advance(4);
                break;
            case TypeOid.TimeTz:
            {
                var span = w.GetSpan(12);
                BinaryPrimitives.WriteInt64BigEndian(span, d.Int);
                BinaryPrimitives.WriteInt32BigEndian(span[8..], -d.ZoneOffset); // seconds west, as PG sends it
                w.Advance(12);
                break;
            }
            case TypeOid.Interval:
                d.Interval.Write(w.GetSpan(16), bigEndian: true);
                w.Advance(16);
                break;
            case TypeOid.Float4:
                BinaryPrimitives.WriteSingleBigEndian(w.GetSpan(4), (float)d.Float);
                w.Advance(4);
                break;
            case TypeOid.Float8:
                BinaryPrimitives.WriteDoubleBigEndian(w.GetSpan(8), d.Float);
                w.Advance(8);
                break;
            case TypeOid.Bytea:
                w.Write((byte[])d.Ref!);
                break;
            case TypeOid.Numeric:
                NumericBinary.Write(d.Numeric, w);
                break;
            case TypeOid.Inet:
                WriteInet((string)d.Ref!, w);
                break;
            case TypeOid.Uuid:
                w.Write(UuidText.ToBytes((string)d.Ref!));
                break;
            case TypeOid.Jsonb:
                w.GetSpan(1)[0] = JsonbVersion;
                w.Advance(1);
                goto default;
            case var _ when d.Ref is ArrayValue a:
                ArrayBinary.Write(a, w);
                break;
            default:
            {
                if (TryExtendedWriteBinary(d, w))
                    break;
                string s = d.Ref?.ToString() ?? "";
                int n = Encoding.UTF8.GetByteCount(s);
                Encoding.UTF8.GetBytes(s, w.GetSpan(n));
                w.Advance(n);
                break;
            }
        }
    }

    static void WriteInet(string text, IBufferWriter<byte> w)
    {
        var ip = System.Net.IPAddress.Parse(text);
        byte[] bytes = ip.GetAddressBytes();
        var span = w.GetSpan(4 + bytes.Length);
        span[0] = bytes.Length == 4 ? (byte)2 : (byte)3; // PGSQL_AF_INET / PGSQL_AF_INET6
        span[1] = (byte)(bytes.Length * 8);
        span[2] = 0;
        span[3] = (byte)bytes.Length;
        bytes.CopyTo(span[4..]);
        w.Advance(4 + bytes.Length);
    }

    /// <summary>Reads a value in text format (ERROR 22P02 / 22003 on bad input).</summary>
    public static Datum FromText(string s, uint type, OutputContext ctx)
    {
        switch (type)
        {
            case TypeOid.Bool:
                return ParseBool(s);
            case TypeOid.Int2:
                return Datum.FromInt2((short)NumberIO.ParseInteger(s, short.MinValue, short.MaxValue, "smallint"));
            case TypeOid.Int4:
                return Datum.FromInt4((int)NumberIO.ParseInteger(s, int.MinValue, int.MaxValue, "integer"));
            case TypeOid.Int8:
                return Datum.FromInt8(NumberIO.ParseInteger(s, long.MinValue, long.MaxValue, "bigint"));
            case TypeOid.Oid:
                return Datum.FromOid((uint)NumberIO.ParseInteger(s, 0, uint.MaxValue, "oid"));
            case TypeOid.Xid:
            case TypeOid.Cid:
                return Datum.FromInt8((uint)NumberIO.ParseInteger(s, 0, uint.MaxValue, type == TypeOid.Xid ? "xid" : "cid"))
                    .WithType(type);
            case TypeOid.Tid:
                return TidIn(s);
            case TypeOid.Float4:
                return Datum.FromFloat4(NumberIO.ParseFloat4(s));
            case TypeOid.Float8:
                return Datum.FromFloat8(NumberIO.ParseFloat8(s));
            case TypeOid.Numeric:
                return Datum.FromNumeric(NumericValue.Parse(s));
            case TypeOid.TimestampTz:
                return Datum.FromTimestampTz(DateTimeParse.TimestampTz(s, ctx));
            case TypeOid.Timestamp:
                return Datum.FromTimestamp(DateTimeParse.Timestamp(s, ctx));
            case TypeOid.Date:
                return Datum.FromDate(DateTimeParse.Date(s, ctx));
            case TypeOid.Time:
                return Datum.FromTime(DateTimeParse.Time(s, ctx));
            case TypeOid.TimeTz:
            {
                var (t, off) = DateTimeParse.TimeTz(s, ctx);
                return Datum.FromTimeTz(t, off);
            }
            case TypeOid.Interval:
                return Datum.FromInterval(IntervalParse.Parse(s));
            case TypeOid.Bytea:
                return Datum.FromBytes(ByteaText.Parse(s));
            case TypeOid.Uuid:
                return Datum.FromText(UuidText.Parse(s), TypeOid.Uuid);
            case TypeOid.Json:
                return Datum.FromText(JsonText.Validate(s), TypeOid.Json);
            case TypeOid.Jsonb:
                return Datum.FromText(JsonText.Normalize(s), TypeOid.Jsonb);
            default:
                if (ArrayTypes.ElementOf(type) is var e && e != 0)
                    return Datum.FromArray(ArrayText.Parse(s, e, ctx));
                return TryExtendedFromText(s, type, ctx, out var v) ? v : Datum.FromText(s, type);
        }
    }

    static Datum ParseBool(string s) => Guc.GucValue.TryParseBool(s, out bool b)
        ? Datum.FromBool(b)
        : Throw.Error<Datum>(SqlState.InvalidTextRepresentation, $"invalid input syntax for type boolean: \"{s}\"");

    /// <summary>Reads a value in binary format (ERROR 22P03 on a wrong length).</summary>
    public static Datum FromBinary(ReadOnlySpan<byte> b, uint type)
    {
        switch (type)
        {
            case TypeOid.Bool:
                Expect(b, 1, "boolean");
                return Datum.FromBool(b[0] != 0);
            case TypeOid.Int2:
                Expect(b, 2, "smallint");
                return Datum.FromInt2(BinaryPrimitives.ReadInt16BigEndian(b));
            case TypeOid.Int4:
                Expect(b, 4, "integer");
                return Datum.FromInt4(BinaryPrimitives.ReadInt32BigEndian(b));
            case TypeOid.Oid:
                Expect(b, 4, "oid");
                return Datum.FromOid(BinaryPrimitives.ReadUInt32BigEndian(b));
            case TypeOid.Int8:
                Expect(b, 8, "bigint");
                return Datum.FromInt8(BinaryPrimitives.ReadInt64BigEndian(b));
            case TypeOid.Float4:
                Expect(b, 4, "real");
                return Datum.FromFloat4(BinaryPrimitives.ReadSingleBigEndian(b));
            case TypeOid.Float8:
                Expect(b, 8, "double precision");
                return Datum.FromFloat8(BinaryPrimitives.ReadDoubleBigEndian(b));
            case TypeOid.TimestampTz:
                Expect(b, 8, "timestamp with time zone");
                return Datum.FromTimestampTz(BinaryPrimitives.ReadInt64BigEndian(b));
            case TypeOid.Timestamp:
                Expect(b, 8, "timestamp without time zone");
                return Datum.FromTimestamp(BinaryPrimitives.ReadInt64BigEndian(b));
            case TypeOid.Time:
                Expect(b, 8, "time without time zone");
                return Datum.FromTime(BinaryPrimitives.ReadInt64BigEndian(b));
            case TypeOid.Date:
                Expect(b, 4, "date");
                return Datum.FromDate(BinaryPrimitives.ReadInt32BigEndian(b));
            case TypeOid.TimeTz:
                Expect(b, 12, "time with time zone");
                return Datum.FromTimeTz(BinaryPrimitives.ReadInt64BigEndian(b), -BinaryPrimitives.ReadInt32BigEndian(b[8..]));
            case TypeOid.Interval:
                Expect(b, 16, "interval");
                return Datum.FromInterval(Interval.Read(b, bigEndian: true));
            case TypeOid.Bytea:
                return Datum.FromBytes(b.ToArray());
            case TypeOid.Numeric:
                return Datum.FromNumeric(NumericBinary.Read(b));
            case TypeOid.Uuid:
                Expect(b, 16, "uuid");
                return Datum.FromText(UuidText.FromBytes(b), TypeOid.Uuid);
            case TypeOid.Json:
                return Datum.FromText(JsonText.Validate(Utf8(b)), type);
            case TypeOid.Jsonb:
                if (b.Length == 0 || b[0] != JsonbVersion)
                    Throw.Error(SqlState.InvalidBinaryRepresentation,
                        "unsupported jsonb version number " + (b.Length == 0 ? 0 : b[0]));
                return Datum.FromText(JsonText.Normalize(Utf8(b[1..])), type);
            default:
                if (ArrayTypes.ElementOf(type) is var e && e != 0)
                    return Datum.FromArray(ArrayBinary.Read(b, e));
                if (TryExtendedFromBinary(b, type, out var v))
                    return v;
                return Datum.FromText(Utf8(b), type);
        }
    }

    /// <summary>jsonb's binary format version (the byte before the JSON text).</summary>
    public const byte JsonbVersion = 1;

    static string Utf8(ReadOnlySpan<byte> b)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(b);
        }
        catch (DecoderFallbackException)
        {
            return Throw.Error<string>(SqlState.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\"");
        }
    }

    static void Expect(ReadOnlySpan<byte> b, int len, string typeName)
    {
        if (b.Length != len)
            Throw.Error(SqlState.InvalidBinaryRepresentation, $"incorrect binary data format in bind parameter",
                detail: $"expected {len} bytes for type {typeName}, got {b.Length}");
    }
}
