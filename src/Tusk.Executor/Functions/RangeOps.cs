// Range operators and functions (rangetypes.c): containment of ranges and elements, overlap, strictly left/right,
// does-not-extend, adjacency, union (22000 when not contiguous), intersection, difference, and the bound accessors.
// They work on RangeIO's deserialized form; results are made by RangeIO.Make, so discrete ranges stay canonical.
// Entry points: the static methods, bound by the Analyzer (Analysis/Analyzer.Extended.cs).
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static class RangeOps
{
    static int Cmp(in RangeBound a, in RangeBound b) => RangeIO.CompareBounds(a, b);

    /// <summary>range @> range.</summary>
    public static bool Contains(in Datum a, in Datum b)
    {
        var (r1, r2) = (RangeIO.Decode(a), RangeIO.Decode(b));
        if (r2.Empty)
            return true;
        return !r1.Empty && Cmp(r1.Lower, r2.Lower) <= 0 && Cmp(r1.Upper, r2.Upper) >= 0;
    }

    /// <summary>range @> element.</summary>
    public static bool ContainsElem(in Datum range, in Datum v)
    {
        var r = RangeIO.Decode(range);
        if (r.Empty)
            return false;
        if (!r.Lower.Infinite)
        {
            int c = RangeIO.CompareValues(r.Lower.Value, v);
            if (c > 0 || (c == 0 && !r.Lower.Inclusive))
                return false;
        }
        if (!r.Upper.Infinite)
        {
            int c = RangeIO.CompareValues(r.Upper.Value, v);
            if (c < 0 || (c == 0 && !r.Upper.Inclusive))
                return false;
        }
        return true;
    }

    public static bool Overlaps(in Datum a, in Datum b) => Overlaps(RangeIO.Decode(a), RangeIO.Decode(b));

    static bool Overlaps(in RangeValue r1, in RangeValue r2)
    {
        if (r1.Empty || r2.Empty)
            return false;
        return (Cmp(r1.Lower, r2.Lower) >= 0 && Cmp(r1.Lower, r2.Upper) <= 0)
            || (Cmp(r2.Lower, r1.Lower) >= 0 && Cmp(r2.Lower, r1.Upper) <= 0);
    }

    /// <summary>&lt;&lt; (before), &gt;&gt; (after), &amp;&lt; (does not extend right), &amp;&gt; (does not extend left).</summary>
    public static bool Position(in Datum a, in Datum b, string op)
    {
        var (r1, r2) = (RangeIO.Decode(a), RangeIO.Decode(b));
        if (r1.Empty || r2.Empty)
            return false;
        return op switch
        {
            "<<" => Cmp(r1.Upper, r2.Lower) < 0,
            ">>" => Cmp(r1.Lower, r2.Upper) > 0,
            "&<" => Cmp(r1.Upper, r2.Upper) <= 0,
            _ => Cmp(r1.Lower, r2.Lower) >= 0,
        };
    }

    public static bool Adjacent(in Datum a, in Datum b) => Adjacent(RangeIO.Decode(a), RangeIO.Decode(b));

    static bool Adjacent(in RangeValue r1, in RangeValue r2) =>
        !r1.Empty && !r2.Empty && (BoundsAdjacent(r1.Type, r1.Upper, r2.Lower) || BoundsAdjacent(r1.Type, r2.Upper, r1.Lower));

    /// <summary>bounds_adjacent: an upper bound meets a lower bound with no value between (discrete types: none left).</summary>
    static bool BoundsAdjacent(uint type, RangeBound upper, RangeBound lower)
    {
        int c = upper.Infinite || lower.Infinite ? 1 : RangeIO.CompareValues(upper.Value, lower.Value);
        if (c < 0)
        {
            if (!RangeIO.IsDiscrete(type))
                return false;
            // The values between: a range from the upper bound to the lower bound, inclusions flipped.
            var r = RangeIO.Make(type, upper with { Inclusive = !upper.Inclusive, Lower = true },
                lower with { Inclusive = !lower.Inclusive, Lower = false });
            return RangeIO.Decode(r).Empty;
        }
        return c == 0 && upper.Inclusive != lower.Inclusive;
    }

    /// <summary>range + range (22000 when the result would not be contiguous).</summary>
    public static Datum Union(in Datum a, in Datum b)
    {
        var (r1, r2) = (RangeIO.Decode(a), RangeIO.Decode(b));
        if (r1.Empty)
            return b;
        if (r2.Empty)
            return a;
        if (!Overlaps(r1, r2) && !Adjacent(r1, r2))
            Throw.Error(SqlState.DataException, "result of range union would not be contiguous");
        return RangeIO.Make(a.Type, Cmp(r1.Lower, r2.Lower) < 0 ? r1.Lower : r2.Lower,
            Cmp(r1.Upper, r2.Upper) > 0 ? r1.Upper : r2.Upper);
    }

    /// <summary>range * range.</summary>
    public static Datum Intersect(in Datum a, in Datum b)
    {
        var (r1, r2) = (RangeIO.Decode(a), RangeIO.Decode(b));
        if (!Overlaps(r1, r2))
            return RangeIO.Empty(a.Type);
        return RangeIO.Make(a.Type, Cmp(r1.Lower, r2.Lower) >= 0 ? r1.Lower : r2.Lower,
            Cmp(r1.Upper, r2.Upper) <= 0 ? r1.Upper : r2.Upper);
    }

    /// <summary>range - range (22000 when the result would be two pieces).</summary>
    public static Datum Minus(in Datum a, in Datum b)
    {
        var (r1, r2) = (RangeIO.Decode(a), RangeIO.Decode(b));
        if (r1.Empty || r2.Empty)
            return a;
        int l1l2 = Cmp(r1.Lower, r2.Lower), l1u2 = Cmp(r1.Lower, r2.Upper);
        int u1l2 = Cmp(r1.Upper, r2.Lower), u1u2 = Cmp(r1.Upper, r2.Upper);
        if (l1l2 < 0 && u1u2 > 0)
            Throw.Error(SqlState.DataException, "result of range difference would not be contiguous");
        if (l1u2 > 0 || u1l2 < 0)
            return a;
        if (l1l2 >= 0 && u1u2 <= 0)
            return RangeIO.Empty(a.Type);
        if (l1l2 <= 0 && u1l2 >= 0 && u1u2 <= 0)
            return RangeIO.Make(a.Type, r1.Lower, r2.Lower with { Inclusive = !r2.Lower.Inclusive, Lower = false });
        return RangeIO.Make(a.Type, r2.Upper with { Inclusive = !r2.Upper.Inclusive, Lower = true }, r1.Upper);
    }

    /// <summary>lower / upper / isempty / lower_inc / upper_inc / lower_inf / upper_inf.</summary>
    public static Datum Accessor(string name, in Datum range)
    {
        var r = RangeIO.Decode(range);
        return name switch
        {
            "lower" => r.Empty || r.Lower.Infinite ? Datum.Null(RangeIO.SubtypeOf(range.Type)) : r.Lower.Value,
            "upper" => r.Empty || r.Upper.Infinite ? Datum.Null(RangeIO.SubtypeOf(range.Type)) : r.Upper.Value,
            "isempty" => Datum.FromBool(r.Empty),
            "lower_inc" => Datum.FromBool(!r.Empty && r.Lower.Inclusive),
            "upper_inc" => Datum.FromBool(!r.Empty && r.Upper.Inclusive),
            "lower_inf" => Datum.FromBool(!r.Empty && r.Lower.Infinite),
            _ => Datum.FromBool(!r.Empty && r.Upper.Infinite),
        };
    }

    /// <summary>The accessor functions and whether each returns the subtype (else boolean).</summary>
    public static bool IsAccessor(string name, out bool returnsSubtype)
    {
        returnsSubtype = name is "lower" or "upper";
        return name is "lower" or "upper" or "isempty" or "lower_inc" or "upper_inc" or "lower_inf" or "upper_inf";
    }
}
