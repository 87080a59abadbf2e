// Type coercions (pg_cast): which casts exist implicitly or explicitly, and performing them with PG's errors
// (22P02 invalid input syntax, 22003 out of range, 22001 value too long). Typmods use PG's encoding:
// varchar(n)/bpchar(n) = n + 4, numeric(p,s) = ((p << 16) | s) + 4, timestamp(p) = p.
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

/// <summary>Casts between the built-in types.</summary>
internal static partial class Casts
{
    static int NumericRank(uint t) => t switch
    {
        TypeOid.Int2 => 1,
        TypeOid.Int4 => 2,
        TypeOid.Int8 => 3,
        TypeOid.Numeric => 4,
        TypeOid.Float4 => 5,
        TypeOid.Float8 => 6,
        _ => 0,
    };

    /// <summary>True when an implicit cast exists (what function and operator matching may insert).</summary>
    public static bool CanImplicit(uint from, uint to)
    {
        if (from == to || from == TypeOid.Unknown)
            return true;
        if (IsArrayPair(from, to, out uint fe, out uint te))
            return CanImplicit(fe, te);
        int rf = NumericRank(from);
        int rt = NumericRank(to);
        if (rf > 0 && rt > 0)
            return rf < rt;
        if (TypeNames.IsInteger(from) && to == TypeOid.Oid)
            return true;
        if (from == TypeOid.Oid && to == TypeOid.Int8)
            return true;
        if (to == TypeOid.Regclass && (TypeNames.IsInteger(from) || from is TypeOid.Oid or TypeOid.Text or TypeOid.Varchar))
            return true; // the conversions themselves are Analyzer.CoerceRegclass (they need the catalog)
        if ((IsRegType(from) && to == TypeOid.Oid) || (from == TypeOid.Oid && IsRegType(to)))
            return true;
        if (from is TypeOid.Varchar or TypeOid.Bpchar or TypeOid.Name or TypeOid.Char && to == TypeOid.Text)
            return true;
        if (from is TypeOid.Text or TypeOid.Varchar or TypeOid.Bpchar && to is TypeOid.Varchar or TypeOid.Name
                or TypeOid.Bpchar)
            return true;
        return ImplicitDateTime(from, to);
    }

    /// <summary>regproc, regclass, regtype: OIDs under another name (binary-coercible with oid both ways).</summary>
    static bool IsRegType(uint t) => t is TypeOid.Regproc or TypeOid.Regclass or TypeOid.Regtype;

    /// <summary>
    /// True when a value may be stored into a column of type <paramref name="to"/> (assignment casts): implicit
    /// ones, between numeric types in either direction, and to the string types from anything.
    /// </summary>
    public static bool CanAssign(uint from, uint to) => IsArrayPair(from, to, out uint fe, out uint te)
        ? CanAssign(fe, te)
        : CanImplicit(from, to) || (NumericRank(from) > 0 && NumericRank(to) > 0) || JsonAssign(from, to)
        || (TypeNames.IsString(to) && to != TypeOid.Char && CanExplicit(from, to))
        || (from == TypeOid.TimestampTz && to == TypeOid.Timestamp);

    /// <summary>True when CAST(x AS to) is allowed.</summary>
    public static bool CanExplicit(uint from, uint to)
    {
        if (CanImplicit(from, to))
            return true;
        if (IsArrayPair(from, to, out uint fe, out uint te))
            return CanExplicit(fe, te);
        if (JsonAssign(from, to) || JsonExplicit(from, to))
            return true;
        if (NumericRank(from) > 0 && NumericRank(to) > 0)
            return true;
        if (TypeNames.IsString(to) || TypeNames.IsString(from))
            return true; // I/O conversion casts
        if ((from == TypeOid.Int4 && to == TypeOid.Bool) || (from == TypeOid.Bool && to == TypeOid.Int4))
            return true;
        if (from == TypeOid.Oid && TypeNames.IsInteger(to))
            return true;
        return AssignmentDateTime(from, to);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void OutOfRange(uint type) =>
        Throw.Error(SqlState.NumericValueOutOfRange, type switch
        {
            TypeOid.Int2 => "smallint out of range",
            TypeOid.Int4 => "integer out of range",
            TypeOid.Oid => "OID out of range",
            _ => "bigint out of range",
        });

    public static Datum MakeInt(long v, uint type)
    {
        switch (type)
        {
            case TypeOid.Int2:
                if (v is < short.MinValue or > short.MaxValue)
                    OutOfRange(type);
                return Datum.FromInt2((short)v);
            case TypeOid.Int4:
                if (v is < int.MinValue or > int.MaxValue)
                    OutOfRange(type);
                return Datum.FromInt4((int)v);
            case TypeOid.Oid:
                if (v is < int.MinValue or > uint.MaxValue)
                    OutOfRange(type);
                return Datum.FromOid(unchecked((uint)v));
            default:
                return Datum.FromInt8(v);
        }
    }

    public static double ToDouble(in Datum v) => v.Type switch
    {
        TypeOid.Float4 or TypeOid.Float8 => v.Float,
        TypeOid.Numeric => v.Numeric.IsFinite ? NumberIO.ParseFloat8(v.Numeric.ToString()) : v.Numeric.ToDouble(),
        _ => v.Int,
    };

    /// <summary>int/float → numeric (float8 through 15 significant digits, float4 through 6, as PG).</summary>
    public static NumericValue ToNumeric(in Datum v) => v.Type switch
    {
        TypeOid.Numeric => v.Numeric,
        TypeOid.Float4 => NumericValue.FromDouble(v.Float, 6),
        TypeOid.Float8 => NumericValue.FromDouble(v.Float, 15),
        _ => NumericValue.FromInt64(v.Int),
    };

    /// <summary>numeric → int2/int4/int8: rounded half away from zero; NaN and infinity cannot convert.</summary>
    static Datum NumericToInt(NumericValue n, uint to)
    {
        if (!n.IsFinite)
            Throw.Error(SqlState.FeatureNotSupported,
                $"cannot convert {(n.IsNaN ? "NaN" : "infinity")} to {TypeNames.Display(to)}");
        if (!n.TryToInt64(out long l))
            OutOfRange(to);
        return MakeInt(l, to);
    }

    /// <summary>A float8 or float4 (ERROR 22003 when the float4 overflows or underflows to zero).</summary>
    public static Datum MakeFloat(double d, uint type)
    {
        if (type == TypeOid.Float4)
        {
            float f = (float)d;
            if (float.IsInfinity(f) && !double.IsInfinity(d))
                Throw.Error(SqlState.NumericValueOutOfRange, "value out of range: overflow");
            if (f == 0 && d != 0)
                Throw.Error(SqlState.NumericValueOutOfRange, "value out of range: underflow");
            return Datum.FromFloat4(f);
        }
        return Datum.FromFloat8(d);
    }

    /// <summary>
    /// The byte a "char" takes from text (charin, and text_char in PostgreSQL 15): the octal escape \ooo that
    /// "char" output writes for bytes with the high bit set, else the first byte of the UTF-8 form.
    /// </summary>
    static long CharByte(string s)
    {
        if (s.Length == 4 && s[0] == '\\' && s.Skip(1).All(c => c is >= '0' and <= '7'))
            return ((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0')) & 0xFF;
        return s.Length == 0 ? 0 : System.Text.Encoding.UTF8.GetBytes(s)[0];
    }

    /// <summary>Converts a non-null or null value to <paramref name="to"/> (applying the typmod).</summary>
    public static Datum Cast(in Datum v, uint to, int typmod, OutputContext oc, bool explicitCast)
    {
        if (v.IsNull)
            return Datum.Null(to);
        var r = CastValue(v, to, oc);
        return typmod >= 0 ? ApplyTypmod(r, typmod, explicitCast) : r;
    }

    static Datum CastValue(in Datum v, uint to, OutputContext oc)
    {
        uint from = v.Type;
        if (from == to)
            return v;
        if (IsArrayPair(from, to, out _, out uint toElement))
            return CastArray(v, toElement, oc);
        if (TryCastJson(v, to, oc, out var json))
            return json;
        if (TypeNames.IsString(from))
        {
            string s = v.Ref as string ?? TypeIO.ToText(v, oc); // a stored "char" is a byte, not a string
            if (from == TypeOid.Bpchar && to is TypeOid.Text or TypeOid.Varchar or TypeOid.Name)
                s = CharTypes.StripPad(s);
            return to switch
            {
                TypeOid.Text or TypeOid.Varchar or TypeOid.Bpchar or TypeOid.Unknown => Datum.FromText(s, to),
                TypeOid.Name => Datum.FromText(Sql.Parser.Lexer.Truncate(s), to),
                TypeOid.Char => Datum.FromInt8(CharByte(s)).WithType(TypeOid.Char),
                TypeOid.Bool or TypeOid.Int2 or TypeOid.Int4 or TypeOid.Int8 or TypeOid.Oid or TypeOid.Float4
                    or TypeOid.Float8 or TypeOid.Numeric or TypeOid.TimestampTz or TypeOid.Timestamp or TypeOid.Date
                    or TypeOid.Time or TypeOid.TimeTz or TypeOid.Interval => TypeIO.FromText(s, to, oc),
                TypeOid.Bytea or TypeOid.Uuid or TypeOid.Json or TypeOid.Jsonb or TypeOid.Xid or TypeOid.Cid
                    or TypeOid.Tid => TypeIO.FromText(s, to, oc),
                _ when ArrayTypes.IsArray(to) || TypeIO.IsExtendedType(to) => TypeIO.FromText(s, to, oc),
                _ => Throw.Error<Datum>(SqlState.FeatureNotSupported,
                    $"type {TypeNames.Display(to)} is not supported yet"),
            };
        }
        if (TypeNames.IsString(to))
        {
            string s = from == TypeOid.Bool ? (v.Bool ? "true" : "false") : TypeIO.ToText(v, oc);
            return to == TypeOid.Name ? Datum.FromText(Sql.Parser.Lexer.Truncate(s), to) : Datum.FromText(s, to);
        }
        int rf = NumericRank(from);
        int rt = NumericRank(to);
        if (rf > 0 && rt > 0)
        {
            switch (to)
            {
                case TypeOid.Float4 when from == TypeOid.Numeric && v.Numeric.IsFinite:
                    return Datum.FromFloat4(NumberIO.ParseFloat4(v.Numeric.ToString()));
                case TypeOid.Float4:
                case TypeOid.Float8:
                    return MakeFloat(ToDouble(v), to);
                case TypeOid.Numeric:
                    return Datum.FromNumeric(ToNumeric(v));
            }
            if (from == TypeOid.Numeric)
                return NumericToInt(v.Numeric, to);
            if (from is TypeOid.Float4 or TypeOid.Float8)
            {
                double d = Math.Round(v.Float, MidpointRounding.ToEven);
                if (double.IsNaN(d) || d < -9.2233720368547758E18 || d >= 9.2233720368547758E18)
                    OutOfRange(to);
                return MakeInt((long)d, to);
            }
            return MakeInt(v.Int, to);
        }
        if ((IsRegType(from) && to == TypeOid.Oid) || (from == TypeOid.Oid && IsRegType(to)))
            return Datum.FromOid((uint)v.Int).WithType(to);
        if (from == TypeOid.Int4 && to == TypeOid.Bool)
            return Datum.FromBool(v.Int != 0);
        if (from == TypeOid.Bool && to == TypeOid.Int4)
            return Datum.FromInt4(v.Bool ? 1 : 0);
        if (TypeNames.IsInteger(from) && to == TypeOid.Oid)
        {
            if (from == TypeOid.Int8 && (v.Int < int.MinValue || v.Int > uint.MaxValue))
                OutOfRange(TypeOid.Oid);
            return Datum.FromOid(unchecked((uint)v.Int));
        }
        if (from == TypeOid.Oid && TypeNames.IsInteger(to))
            return MakeInt(to == TypeOid.Int8 ? (uint)v.Int : unchecked((int)(uint)v.Int), to);
        if (TryCastDateTime(v, to, oc, out var dt))
            return dt;
        return Throw.Error<Datum>(SqlState.CannotCoerce,
            $"cannot cast type {TypeNames.Display(from)} to {TypeNames.Display(to)}");
    }

    /// <summary>
    /// numeric(p,s) (apply_typmod): round to s digits (s may be negative or exceed p), then ERROR 22003 "numeric
    /// field overflow" when the integer part needs more than p - s digits. Typmod: ((p &lt;&lt; 16) | (s &amp; 0x7ff)) + 4.
    /// </summary>
    public static NumericValue NumericTypmod(NumericValue n, int typmod)
    {
        int p = ((typmod - 4) >> 16) & 0xffff;
        int sc = (((typmod - 4) & 0x7ff) ^ 0x400) - 0x400;
        if (n.IsNaN)
            return n;
        if (n.IsInfinity)
            Throw.Error(SqlState.NumericValueOutOfRange, "numeric field overflow",
                detail: $"A field with precision {p}, scale {sc} cannot hold an infinite value.");
        var r = n.Round(sc);
        int maxDigits = p - sc;
        if (!r.IsZero)
        {
            int first = r.Digits[0];
            int intDigits = r.Weight * 4 + (first >= 1000 ? 4 : first >= 100 ? 3 : first >= 10 ? 2 : 1);
            if (intDigits > maxDigits)
                Throw.Error(SqlState.NumericValueOutOfRange, "numeric field overflow",
                    detail: $"A field with precision {p}, scale {sc} must round to an absolute value less than " +
                            (maxDigits == 0 ? "1." : $"10^{maxDigits}."));
        }
        return r;
    }

    /// <summary>Applies length/precision modifiers (varchar(n), bpchar(n), numeric(p,s), timestamp(p)).</summary>
    public static Datum ApplyTypmod(in Datum v, int typmod, bool explicitCast)
    {
        if (v.IsNull || typmod < 0)
            return v;
        switch (v.Type)
        {
            case TypeOid.Varchar:
            case TypeOid.Bpchar:
                return CharTypes.ApplyLength(v, typmod, explicitCast);
            case TypeOid.Numeric:
                return Datum.FromNumeric(NumericTypmod(v.Numeric, typmod));
            case TypeOid.TimestampTz:
            case TypeOid.Timestamp:
            case TypeOid.Time:
            case TypeOid.TimeTz:
            case TypeOid.Interval:
                return RoundDateTime(v, typmod);
            default:
                return v.Ref is ArrayValue a ? ArrayTypmod(a, typmod, explicitCast) : v;
        }
    }
}
