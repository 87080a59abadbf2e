// Type coercions (pg_cast): which casts exist implicitly or explicitly, and performing them with PG's errors
// (22P02 invalid input syntax, 22003 out of range, 22001 value too long). Typmods use PG's encoding:
// varchar(n)/bpchar(n) = n + 4, numeric(p,s) = ((p << 16) | s) + 4, timestamp(p) = p.
using System.Globalization;
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

/// <summary>Casts between the built-in types.</summary>
internal static class Casts
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
        int rf = NumericRank(from);
        int rt = NumericRank(to);
        if (rf > 0 && rt > 0)
            return rf < rt;
        if (TypeNames.IsInteger(from) && to == TypeOid.Oid)
            return true;
        if (from == TypeOid.Oid && to == TypeOid.Int8)
            return true;
        if (from is TypeOid.Varchar or TypeOid.Bpchar or TypeOid.Name or TypeOid.Char && to == TypeOid.Text)
            return true;
        if (from is TypeOid.Text or TypeOid.Varchar or TypeOid.Bpchar && to is TypeOid.Varchar or TypeOid.Name
                or TypeOid.Bpchar)
            return true;
        if (from == TypeOid.Timestamp && to == TypeOid.TimestampTz)
            return true;
        return false;
    }

    /// <summary>True when an assignment cast exists (storing into a column): implicit ones, numeric narrowing, and
    /// the I/O conversions to string types.</summary>
    public static bool CanAssign(uint from, uint to) =>
        CanImplicit(from, to) || (NumericRank(from) > 0 && NumericRank(to) > 0) || TypeNames.IsString(to);

    /// <summary>True when CAST(x AS to) is allowed.</summary>
    public static bool CanExplicit(uint from, uint to)
    {
        if (CanImplicit(from, to))
            return true;
        if (NumericRank(from) > 0 && NumericRank(to) > 0)
            return true;
        if (TypeNames.IsString(to) || TypeNames.IsString(from))
            return true; // I/O conversion casts
        if ((from == TypeOid.Int4 && to == TypeOid.Bool) || (from == TypeOid.Bool && to == TypeOid.Int4))
            return true;
        if (from == TypeOid.Oid && TypeNames.IsInteger(to))
            return true;
        if (from == TypeOid.TimestampTz && to == TypeOid.Timestamp)
            return true;
        return false;
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
        TypeOid.Numeric => (double)v.Numeric,
        _ => v.Int,
    };

    public static decimal ToDecimal(in Datum v)
    {
        switch (v.Type)
        {
            case TypeOid.Numeric:
                return v.Numeric;
            case TypeOid.Float4:
            case TypeOid.Float8:
                if (double.IsNaN(v.Float) || double.IsInfinity(v.Float))
                    Throw.Error(SqlState.FeatureNotSupported, "numeric NaN and infinity are not supported yet");
                try
                {
                    // float8 -> numeric keeps the 15 significant digits float8out would print.
                    return decimal.Parse(v.Float.ToString(v.Type == TypeOid.Float4 ? "G6" : "G15",
                        CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
                }
                catch (OverflowException)
                {
                    return Throw.Error<decimal>(SqlState.NumericValueOutOfRange, "value overflows numeric format");
                }
            default:
                return v.Int;
        }
    }

    static Datum MakeFloat(double d, uint type)
    {
        if (type == TypeOid.Float4)
        {
            float f = (float)d;
            if (float.IsInfinity(f) && !double.IsInfinity(d))
                Throw.Error(SqlState.NumericValueOutOfRange, "value out of range: overflow");
            return Datum.FromFloat4(f);
        }
        return Datum.FromFloat8(d);
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
        if (TypeNames.IsString(from))
        {
            string s = (string)v.Ref!;
            if (from == TypeOid.Bpchar && to is TypeOid.Text or TypeOid.Varchar or TypeOid.Name)
                s = CharTypes.StripPad(s);
            return to switch
            {
                TypeOid.Text or TypeOid.Varchar or TypeOid.Bpchar or TypeOid.Unknown => Datum.FromText(s, to),
                TypeOid.Name => Datum.FromText(Sql.Parser.Lexer.Truncate(s), to),
                TypeOid.Char => Datum.FromText(s.Length > 0 ? s[..1] : "", to),
                TypeOid.Bool or TypeOid.Int2 or TypeOid.Int4 or TypeOid.Int8 or TypeOid.Oid or TypeOid.Float4
                    or TypeOid.Float8 or TypeOid.Numeric or TypeOid.TimestampTz => TypeIO.FromText(s, to, oc),
                TypeOid.Timestamp => TimestampFromText(s, oc),
                TypeOid.Bytea or TypeOid.Uuid => TypeIO.FromText(s, to, oc),
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
                case TypeOid.Float4:
                case TypeOid.Float8:
                    return MakeFloat(ToDouble(v), to);
                case TypeOid.Numeric:
                    return Datum.FromNumeric(ToDecimal(v));
            }
            if (from == TypeOid.Numeric)
            {
                decimal d = decimal.Round(v.Numeric, 0, MidpointRounding.AwayFromZero);
                if (d < long.MinValue || d > long.MaxValue)
                    OutOfRange(to);
                return MakeInt((long)d, to);
            }
            if (from is TypeOid.Float4 or TypeOid.Float8)
            {
                double d = Math.Round(v.Float, MidpointRounding.ToEven);
                if (double.IsNaN(d) || d < -9.2233720368547758E18 || d >= 9.2233720368547758E18)
                    OutOfRange(to);
                return MakeInt((long)d, to);
            }
            return MakeInt(v.Int, to);
        }
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
        if (from == TypeOid.TimestampTz && to == TypeOid.Timestamp)
        {
            var utc = TypeIO.FromPgMicros(v.Int);
            return Datum.FromInt8(v.Int + (long)oc.TimeZone.GetUtcOffset(utc).TotalMicroseconds)
                .WithType(TypeOid.Timestamp);
        }
        if (from == TypeOid.Timestamp && to == TypeOid.TimestampTz)
        {
            var local = TypeIO.FromPgMicros(v.Int);
            var offset = oc.TimeZone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));
            return Datum.FromTimestampTz(v.Int - (long)offset.TotalMicroseconds);
        }
        return Throw.Error<Datum>(SqlState.CannotCoerce,
            $"cannot cast type {TypeNames.Display(from)} to {TypeNames.Display(to)}");
    }

    static Datum TimestampFromText(string s, OutputContext oc)
    {
        if (!DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dt))
            Throw.Error(SqlState.InvalidDatetimeFormat, $"invalid input syntax for type timestamp: \"{s}\"");
        _ = oc;
        return Datum.FromTimestampTz(TypeIO.ToPgMicros(DateTime.SpecifyKind(dt, DateTimeKind.Utc)))
            .WithType(TypeOid.Timestamp);
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
            {
                int p = ((typmod - 4) >> 16) & 0xffff;
                int sc = (typmod - 4) & 0xffff;
                decimal d = decimal.Round(v.Numeric, Math.Min(sc, 28), MidpointRounding.AwayFromZero);
                decimal limit = 1m;
                for (int i = 0; i < p - sc && i < 28; i++)
                    limit *= 10;
                if (p - sc <= 28 && Math.Abs(d) >= limit)
                    Throw.Error(SqlState.NumericValueOutOfRange, "numeric field overflow",
                        detail: $"A field with precision {p}, scale {sc} must round to an absolute value less than " +
                                (p - sc == 0 ? "1." : $"10^{p - sc}."));
                return Datum.FromNumeric(Numerics.WithScale(d, sc));
            }
            case TypeOid.TimestampTz:
            case TypeOid.Timestamp:
            {
                if (typmod >= 6)
                    return v;
                long unit = (long)Math.Pow(10, 6 - typmod);
                long r = (long)Math.Round(v.Int / (double)unit, MidpointRounding.AwayFromZero) * unit;
                return Datum.FromInt8(r).WithType(v.Type);
            }
            default:
                return v;
        }
    }
}
