// Total order and equality of non-null Datums of one type (btree comparison support): used by ORDER BY,
// DISTINCT, GREATEST/LEAST, min/max. Text compares by code point (C collation), bpchar without its trailing
// spaces; NaN sorts above all floats; arrays element by element (ArrayOps.Compare), jsonb by jsonb's order, its
// equality and hash on the normalized text in place (JsonOps.CompareText / EqualText / HashText).
using Tusk.Common.Types;

namespace Tusk.Executor.Expr;

/// <summary>Comparison of same-typed values.</summary>
internal static class DatumOrder
{
    public static int Compare(in Datum a, in Datum b)
    {
        switch (a.Type)
        {
            case TypeOid.Float4:
            case TypeOid.Float8:
                if (double.IsNaN(a.Float))
                    return double.IsNaN(b.Float) ? 0 : 1;
                if (double.IsNaN(b.Float))
                    return -1;
                return a.Float.CompareTo(b.Float);
            case TypeOid.Numeric:
                return a.Numeric.CompareTo(b.Numeric);
            case TypeOid.Oid:
            case TypeOid.Xid:
            case TypeOid.Cid:
                return ((uint)a.Int).CompareTo((uint)b.Int);
            case TypeOid.Tid:
                return a.Int.CompareTo(b.Int);
            case TypeOid.Bool:
            case TypeOid.Int2:
            case TypeOid.Int4:
            case TypeOid.Int8:
            case TypeOid.TimestampTz:
            case TypeOid.Timestamp:
            case TypeOid.Date:
            case TypeOid.Time:
                return a.Int.CompareTo(b.Int);
            case TypeOid.Interval:
                return a.Interval.CompareKey.CompareTo(b.Interval.CompareKey);
            case TypeOid.TimeTz:
            {
                // By the UTC time first, then by zone (timetz_cmp).
                int c = (a.Int - a.ZoneOffset * 1_000_000L).CompareTo(b.Int - b.ZoneOffset * 1_000_000L);
                return c != 0 ? c : b.ZoneOffset.CompareTo(a.ZoneOffset);
            }
            case TypeOid.Bytea:
                return ((byte[])a.Ref!).AsSpan().SequenceCompareTo((byte[])b.Ref!);
            case TypeOid.Bpchar:
                return Functions.CharTypes.CompareBpchar((string)a.Ref!, (string)b.Ref!);
            case TypeOid.Char:
                return CharByte(a).CompareTo(CharByte(b));
            case TypeOid.Jsonb:
                return Functions.JsonOps.CompareText(a.Text, b.Text);
            case var _ when a.Ref is ArrayValue x:
                return Functions.ArrayOps.Compare(x, b.Array);
            default:
                if (a.Ref is null && b.Ref is null && a.Type < UserTypes.FirstUserOid)
                    return a.Int.CompareTo(b.Int); // "char", regproc and the other by-value catalog types
                return a.Ref is string ? string.CompareOrdinal(a.Ref.ToString(), b.Ref?.ToString()) : TypeOrder.Compare(a, b);
        }
    }

    /// <summary>Equality including NULLs (NULL equals NULL), for DISTINCT.</summary>
    public static bool SameValue(in Datum a, in Datum b)
    {
        if (a.IsNull || b.IsNull)
            return a.IsNull == b.IsNull;
        return Equal(a, b);
    }

    /// <summary>Equality of non-null values: Compare(a, b) == 0, with no order computed for jsonb.</summary>
    public static bool Equal(in Datum a, in Datum b) =>
        a.Type == TypeOid.Jsonb ? Functions.JsonOps.EqualText(a.Text, b.Text) : Compare(a, b) == 0;

    /// <summary>A "char" value's byte, whether it comes as read from a row (a number) or from text (a string).</summary>
    static byte CharByte(in Datum d) => d.Ref is string s ? (s.Length > 0 ? (byte)s[0] : (byte)0) : (byte)d.Int;

    public static int Hash(in Datum d)
    {
        if (d.IsNull)
            return 0;
        return d.Type switch
        {
            TypeOid.Float4 or TypeOid.Float8 => d.Float.GetHashCode(),
            TypeOid.Numeric => d.Numeric.GetHashCode(),
            TypeOid.Bool or TypeOid.Int2 or TypeOid.Int4 or TypeOid.Int8 or TypeOid.TimestampTz or TypeOid.Timestamp
                or TypeOid.Oid or TypeOid.Xid or TypeOid.Cid or TypeOid.Tid or TypeOid.Date or TypeOid.Time => d.Int.GetHashCode(),
            TypeOid.Interval => d.Interval.CompareKey.GetHashCode(),
            TypeOid.TimeTz => HashCode.Combine(d.Int, d.ZoneOffset),
            TypeOid.Bpchar => StringComparer.Ordinal.GetHashCode(Functions.CharTypes.StripPad((string)d.Ref!)),
            TypeOid.Char => CharByte(d).GetHashCode(),
            TypeOid.Jsonb => Functions.JsonOps.HashText(d.Text),
            _ when d.Ref is ArrayValue arr => Functions.ArrayOps.Hash(arr),
            _ when d.Ref is byte[] || d.Type >= UserTypes.FirstUserOid => TypeOrder.Hash(d),
            _ => StringComparer.Ordinal.GetHashCode(d.Ref?.ToString() ?? ""),
        };
    }
}
