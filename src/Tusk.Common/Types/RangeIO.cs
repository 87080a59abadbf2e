// Range types (utils/adt/rangetypes.c): the built-in int4range, int8range, numrange, daterange, tsrange, tstzrange
// and those made by CREATE TYPE ... AS RANGE. A value is a byte[] in Tusk's stored form, which is the binary wire
// form (range_send): a flags byte (RANGE_EMPTY, LB_INC, UB_INC, LB_INF, UB_INF as PostgreSQL numbers them), then each
// finite bound as an int32 big-endian length and the subtype's binary send bytes. PostgreSQL stores the range type
// OID and the bounds in their stored form instead; the type is known from the column here.
// Every value is made by Make (range_serialize + the canonical function of the discrete built-ins: [a,b) for int4,
// int8 and date), so equal ranges have equal bytes. Text I/O is range_in / range_out with their quoting rules.
// Entry points: SubtypeOf, IsRange, IsDiscrete, Make, Decode, ToText, FromText, FromBinary, CompareBounds, Compare.
using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>One bound of a range as range_deserialize gives it.</summary>
public readonly record struct RangeBound(Datum Value, bool Infinite, bool Inclusive, bool Lower);

/// <summary>A deserialized range: empty, or two bounds.</summary>
public readonly record struct RangeValue(uint Type, bool Empty, RangeBound Lower, RangeBound Upper);

/// <summary>Range values: building, text and binary I/O, ordering.</summary>
public static class RangeIO
{
    public const byte FlagEmpty = 0x01;
    public const byte FlagLbInc = 0x02;
    public const byte FlagUbInc = 0x04;
    public const byte FlagLbInf = 0x08;
    public const byte FlagUbInf = 0x10;

    /// <summary>The subtype of a range type (built-in or user-defined), or 0 when it is not a range type.</summary>
    public static uint SubtypeOf(uint type) => type switch
    {
        TypeOid.Int4Range => TypeOid.Int4,
        TypeOid.Int8Range => TypeOid.Int8,
        TypeOid.NumRange => TypeOid.Numeric,
        TypeOid.DateRange => TypeOid.Date,
        TypeOid.TsRange => TypeOid.Timestamp,
        TypeOid.TstzRange => TypeOid.TimestampTz,
        _ => UserTypes.Find(type) is { TypType: 'r' } u ? u.Subtype : 0,
    };

    public static bool IsRange(uint type) => SubtypeOf(type) != 0;

    /// <summary>The discrete built-in range types, whose canonical form is [a,b).</summary>
    public static bool IsDiscrete(uint type) => type is TypeOid.Int4Range or TypeOid.Int8Range or TypeOid.DateRange;

    // ---- building ------------------------------------------------------------------------------------------

    /// <summary>The empty range of a type.</summary>
    public static Datum Empty(uint type) => Datum.FromBytes([FlagEmpty]).WithType(type);

    /// <summary>
    /// make_range: checks lower &lt;= upper (22000), makes [a,a) empty, applies the canonical form of the discrete
    /// built-in types, and serializes. Infinite bounds are never inclusive.
    /// </summary>
    public static Datum Make(uint type, RangeBound lower, RangeBound upper, bool empty = false)
    {
        if (!empty && !lower.Infinite && !upper.Infinite)
        {
            int c = CompareValues(lower.Value, upper.Value);
            if (c > 0)
                Throw.Error(SqlState.DataException, "range lower bound must be less than or equal to range upper bound");
            if (c == 0 && !(lower.Inclusive && upper.Inclusive))
                empty = true;
        }
        if (empty)
            return Empty(type);
        if (IsDiscrete(type))
        {
            if (!lower.Infinite && !lower.Inclusive)
                lower = lower with { Value = Next(lower.Value), Inclusive = true };
            if (!upper.Infinite && upper.Inclusive)
                upper = upper with { Value = Next(upper.Value), Inclusive = false };
            if (!lower.Infinite && !upper.Infinite && CompareValues(lower.Value, upper.Value) == 0)
                return Empty(type);
        }
        byte flags = (byte)((lower.Infinite ? FlagLbInf : lower.Inclusive ? FlagLbInc : 0)
            | (upper.Infinite ? FlagUbInf : upper.Inclusive ? FlagUbInc : 0));
        var w = new ArrayBufferWriter<byte>(32);
        w.GetSpan(1)[0] = flags;
        w.Advance(1);
        if (!lower.Infinite)
            WriteBound(w, lower.Value);
        if (!upper.Infinite)
            WriteBound(w, upper.Value);
        return Datum.FromBytes(w.WrittenSpan.ToArray()).WithType(type);
    }

    /// <summary>The range constructor: type(lower, upper [, '[)']); a NULL bound is infinite.</summary>
    public static Datum Construct(uint type, in Datum lower, in Datum upper, string bounds = "[)")
    {
        if (bounds is not ("[]" or "[)" or "(]" or "()"))
            Throw.Error(SqlState.SyntaxError, "invalid range bound flags",
                hint: "Valid values are \"[]\", \"[)\", \"(]\", and \"()\".");
        return Make(type, new RangeBound(lower, lower.IsNull, bounds[0] == '[', true),
            new RangeBound(upper, upper.IsNull, bounds[1] == ']', false));
    }

    /// <summary>The next value of a discrete subtype (int4, int8, date; infinite dates stay).</summary>
    static Datum Next(in Datum v)
    {
        switch (v.Type)
        {
            case TypeOid.Int4:
                return v.Int == int.MaxValue
                    ? Throw.Error<Datum>(SqlState.NumericValueOutOfRange, "integer out of range")
                    : Datum.FromInt4((int)v.Int + 1);
            case TypeOid.Int8:
                return v.Int == long.MaxValue
                    ? Throw.Error<Datum>(SqlState.NumericValueOutOfRange, "bigint out of range")
                    : Datum.FromInt8(v.Int + 1);
            default:
                return v.Int is PgCalendar.DatePosInfinity or PgCalendar.DateNegInfinity ? v : Datum.FromDate((int)v.Int + 1);
        }
    }

    static void WriteBound(ArrayBufferWriter<byte> w, in Datum v)
    {
        var inner = new ArrayBufferWriter<byte>(16);
        TypeIO.WriteBinary(v, inner);
        BinaryPrimitives.WriteInt32BigEndian(w.GetSpan(4), inner.WrittenCount);
        w.Advance(4);
        w.Write(inner.WrittenSpan);
    }

    /// <summary>range_deserialize.</summary>
    public static RangeValue Decode(in Datum d)
    {
        var b = (byte[])d.Ref!;
        byte flags = b[0];
        uint sub = SubtypeOf(d.Type);
        if ((flags & FlagEmpty) != 0)
            return new RangeValue(d.Type, true, new(Datum.Null(sub), false, false, true), new(Datum.Null(sub), false, false, false));
        var (lo, hi) = ReadBounds(b, sub, check: false);
        return new RangeValue(d.Type, false, lo, hi);
    }

    // ---- text I/O ------------------------------------------------------------------------------------------

    /// <summary>range_out.</summary>
    public static string ToText(in Datum d, OutputContext ctx)
    {
        var r = Decode(d);
        if (r.Empty)
            return "empty";
        var sb = new StringBuilder();
        sb.Append(r.Lower.Inclusive ? '[' : '(');
        if (!r.Lower.Infinite)
            AppendEscaped(sb, TypeIO.ToText(r.Lower.Value, ctx));
        sb.Append(',');
        if (!r.Upper.Infinite)
            AppendEscaped(sb, TypeIO.ToText(r.Upper.Value, ctx));
        sb.Append(r.Upper.Inclusive ? ']' : ')');
        return sb.ToString();
    }

    /// <summary>range_bound_escape: quotes when empty or holding " \ ( ) [ ] , or white space; doubles " and \.</summary>
    static void AppendEscaped(StringBuilder sb, string v)
    {
        bool quote = v.Length == 0;
        foreach (char c in v)
        {
            if (c is '"' or '\\' or '(' or ')' or '[' or ']' or ',' || NumberIO.IsSpace(c))
            {
                quote = true;
                break;
            }
        }
        if (quote)
            sb.Append('"');
        foreach (char c in v)
        {
            if (c is '"' or '\\')
                sb.Append(c);
            sb.Append(c);
        }
        if (quote)
            sb.Append('"');
    }

    /// <summary>range_in (22P02 "malformed range literal" with PostgreSQL's DETAIL).</summary>
    public static Datum FromText(string s, uint type, OutputContext ctx)
    {
        uint sub = SubtypeOf(type);
        int i = 0;
        while (i < s.Length && NumberIO.IsSpace(s[i]))
            i++;
        if (s.Length - i >= 5 && s.AsSpan(i, 5).Equals("empty", StringComparison.OrdinalIgnoreCase))
        {
            i += 5;
            while (i < s.Length && NumberIO.IsSpace(s[i]))
                i++;
            if (i != s.Length)
                Malformed(s, "Junk after \"empty\" key word.");
            return Empty(type);
        }
        bool lbInc;
        if (i < s.Length && s[i] == '[')
            lbInc = true;
        else if (i < s.Length && s[i] == '(')
            lbInc = false;
        else
            return Malformed(s, "Missing left parenthesis or bracket.");
        i++;
        string? lo = ParseBound(s, ref i);
        if (i >= s.Length || s[i] != ',')
            Malformed(s, "Missing comma after lower bound.");
        i++;
        string? hi = ParseBound(s, ref i);
        bool ubInc;
        if (i < s.Length && s[i] == ']')
            ubInc = true;
        else if (i < s.Length && s[i] == ')')
            ubInc = false;
        else
            return Malformed(s, "Too many commas.");
        i++;
        while (i < s.Length && NumberIO.IsSpace(s[i]))
            i++;
        if (i != s.Length)
            Malformed(s, "Junk after right parenthesis or bracket.");
        var lower = new RangeBound(lo == null ? Datum.Null(sub) : TypeIO.FromText(lo, sub, ctx), lo == null, lbInc, true);
        var upper = new RangeBound(hi == null ? Datum.Null(sub) : TypeIO.FromText(hi, sub, ctx), hi == null, ubInc, false);
        return Make(type, lower, upper);
    }

    static Datum Malformed(string s, string detail) =>
        Throw.Error<Datum>(SqlState.InvalidTextRepresentation, $"malformed range literal: \"{s}\"", detail: detail);

    /// <summary>range_parse_bound: null (infinite) when the bound is empty; quotes and backslashes as in range_in.</summary>
    static string? ParseBound(string s, ref int i)
    {
        if (i < s.Length && s[i] is ',' or ')' or ']')
            return null;
        var sb = new StringBuilder();
        bool inQuote = false;
        while (inQuote || !(i < s.Length && s[i] is ',' or ')' or ']'))
        {
            if (i >= s.Length)
                Malformed(s, "Unexpected end of input.");
            char c = s[i++];
            if (c == '\\')
            {
                if (i >= s.Length)
                    Malformed(s, "Unexpected end of input.");
                sb.Append(s[i++]);
            }
            else if (c == '"')
            {
                if (!inQuote)
                    inQuote = true;
                else if (i < s.Length && s[i] == '"')
                    sb.Append(s[i++]);
                else
                    inQuote = false;
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    // ---- binary I/O ----------------------------------------------------------------------------------------

    /// <summary>range_recv: the flags and bounds are checked and the value made again (canonical form).</summary>
    public static Datum FromBinary(ReadOnlySpan<byte> b, uint type)
    {
        uint sub = SubtypeOf(type);
        if (b.Length < 1)
            Throw.Error(SqlState.InvalidBinaryRepresentation, "insufficient data left in message");
        byte flags = b[0];
        if ((flags & ~(FlagEmpty | FlagLbInc | FlagUbInc | FlagLbInf | FlagUbInf)) != 0)
            Throw.Error(SqlState.InvalidBinaryRepresentation, "range_recv: invalid range flags");
        if ((flags & FlagEmpty) != 0)
            return Empty(type);
        var (lo, hi) = ReadBounds(b, sub, check: true);
        return Make(type, lo, hi);
    }

    /// <summary>The bounds after the flags byte (<paramref name="check"/>: client data, lengths verified).</summary>
    static (RangeBound Lower, RangeBound Upper) ReadBounds(ReadOnlySpan<byte> b, uint sub, bool check)
    {
        byte flags = b[0];
        int at = 1;
        RangeBound Bound(ReadOnlySpan<byte> src, bool lower, byte inf, byte inc)
        {
            if ((flags & inf) != 0)
                return new RangeBound(Datum.Null(sub), true, false, lower);
            if (check && src.Length < at + 4)
                Throw.Error(SqlState.InvalidBinaryRepresentation, "insufficient data left in message");
            int len = BinaryPrimitives.ReadInt32BigEndian(src[at..]);
            if (check && (len < 0 || src.Length < at + 4 + len))
                Throw.Error(SqlState.InvalidBinaryRepresentation, "insufficient data left in message");
            var v = TypeIO.FromBinary(src.Slice(at + 4, len), sub);
            at += 4 + len;
            return new RangeBound(v, false, (flags & inc) != 0, lower);
        }
        var lo = Bound(b, true, FlagLbInf, FlagLbInc);
        var hi = Bound(b, false, FlagUbInf, FlagUbInc);
        if (check && at != b.Length)
            Throw.Error(SqlState.InvalidBinaryRepresentation, "incorrect binary data format");
        return (lo, hi);
    }

    // ---- ordering ------------------------------------------------------------------------------------------

    /// <summary>Order of two non-null subtype values (the subtype's btree order; text by code point).</summary>
    public static int CompareValues(in Datum a, in Datum b) => TypeOrder.Compare(a, b);

    /// <summary>range_cmp_bounds: infinite bounds first or last, inclusive/exclusive ties broken as PostgreSQL does.</summary>
    public static int CompareBounds(in RangeBound b1, in RangeBound b2)
    {
        if (b1.Infinite && b2.Infinite)
            return b1.Lower == b2.Lower ? 0 : b1.Lower ? -1 : 1;
        if (b1.Infinite)
            return b1.Lower ? -1 : 1;
        if (b2.Infinite)
            return b2.Lower ? 1 : -1;
        int r = CompareValues(b1.Value, b2.Value);
        if (r != 0)
            return r;
        if (!b1.Inclusive && !b2.Inclusive)
            return b1.Lower == b2.Lower ? 0 : b1.Lower ? 1 : -1;
        if (!b1.Inclusive)
            return b1.Lower ? 1 : -1;
        if (!b2.Inclusive)
            return b2.Lower ? -1 : 1;
        return 0;
    }

    /// <summary>range_cmp: empty first, then by lower bound, then by upper bound.</summary>
    public static int Compare(in Datum a, in Datum b)
    {
        var r1 = Decode(a);
        var r2 = Decode(b);
        if (r1.Empty || r2.Empty)
            return r1.Empty == r2.Empty ? 0 : r1.Empty ? -1 : 1;
        int c = CompareBounds(r1.Lower, r2.Lower);
        return c != 0 ? c : CompareBounds(r1.Upper, r2.Upper);
    }
}
