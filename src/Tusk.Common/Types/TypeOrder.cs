// Ordering of values of the types whose order is not a plain number or string compare: enums (pg_enum's
// enumsortorder), ranges (range_cmp), and the geometric types (bytewise, only for grouping: PostgreSQL has no
// btree order for them). It also orders the common range subtypes (numbers, date/time, numeric, text by code point)
// so range bounds can be compared where the executor's comparison is not at hand (type input).
// Entry points: TypeOrder.Compare, TypeOrder.Hash.
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>Comparison of two non-null values of one type.</summary>
public static class TypeOrder
{
    public static int Compare(in Datum a, in Datum b)
    {
        switch (a.Type)
        {
            case TypeOid.Float4 or TypeOid.Float8:
                return double.IsNaN(a.Float) ? (double.IsNaN(b.Float) ? 0 : 1) : double.IsNaN(b.Float) ? -1 : a.Float.CompareTo(b.Float);
            case TypeOid.Numeric:
                return a.Numeric.CompareTo(b.Numeric);
            case TypeOid.Oid:
                return ((uint)a.Int).CompareTo((uint)b.Int);
            case TypeOid.Interval:
                return a.Interval.CompareKey.CompareTo(b.Interval.CompareKey);
            case TypeOid.Bpchar:
                return string.CompareOrdinal(((string)a.Ref!).TrimEnd(' '), ((string)b.Ref!).TrimEnd(' '));
        }
        if (a.Ref is string sa)
            return string.CompareOrdinal(sa, (string)b.Ref!);
        if (a.Ref is byte[] ba)
            return RangeIO.IsRange(a.Type) ? RangeIO.Compare(a, b) : ba.AsSpan().SequenceCompareTo((byte[])b.Ref!);
        if (a.Type >= UserTypes.FirstUserOid && UserTypes.Find(a.Type) is { TypType: 'e' } e)
            return SortOrder(e, a).CompareTo(SortOrder(e, b));
        return a.Int.CompareTo(b.Int);
    }

    static float SortOrder(UserType e, in Datum d) => e.LabelByOid((uint)d.Int)?.SortOrder
        ?? Throw.Error<float>(SqlState.InvalidBinaryRepresentation, $"invalid internal value for enum: {(uint)d.Int}");

    /// <summary>A hash consistent with <see cref="Compare"/> equality for the types ordered here.</summary>
    public static int Hash(in Datum d) => d.Ref switch
    {
        byte[] b => HashBytes(b),
        string s => StringComparer.Ordinal.GetHashCode(s),
        null => d.Int.GetHashCode(),
        _ => d.Ref.GetHashCode(),
    };

    static int HashBytes(byte[] b)
    {
        var h = new HashCode();
        h.AddBytes(b);
        return h.ToHashCode();
    }
}
