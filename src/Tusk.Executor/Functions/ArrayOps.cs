// Array algorithms shared by the array operators and functions (arrayfuncs.c, array_userfuncs.c): comparison
// (btarraycmp: elements in order with NULLs equal to each other and above any value, then count, dimensions,
// lengths and lower bounds), containment and overlap (@>, <@, &&: NULL elements never match), concatenation
// (array_cat's dimension rules and messages), appending, subscripting and slicing (array_get_element /
// array_get_slice: out-of-range subscripts give NULL / an empty slice).
// Entry points: Compare, Hash, Contains, Overlaps, Cat, Append, Prepend, Element, Slice.
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Functions;

internal static class ArrayOps
{
    // ---- comparison ---------------------------------------------------------------------------------------

    /// <summary>btarraycmp: the total order used by = &lt;&gt; &lt; &gt; &lt;= &gt;= and sorting.</summary>
    public static int Compare(ArrayValue a, ArrayValue b)
    {
        int n = Math.Min(a.Count, b.Count);
        for (int i = 0; i < n; i++)
        {
            var x = a.Elements[i];
            var y = b.Elements[i];
            if (x.IsNull || y.IsNull)
            {
                if (x.IsNull != y.IsNull)
                    return x.IsNull ? 1 : -1;
                continue;
            }
            int c = DatumOrder.Compare(x, y);
            if (c != 0)
                return c;
        }
        if (a.Count != b.Count)
            return a.Count < b.Count ? -1 : 1;
        if (a.NDims != b.NDims)
            return a.NDims < b.NDims ? -1 : 1;
        for (int d = 0; d < a.NDims; d++)
        {
            if (a.Dims[d] != b.Dims[d])
                return a.Dims[d] < b.Dims[d] ? -1 : 1;
        }
        for (int d = 0; d < a.NDims; d++)
        {
            if (a.LowerBounds[d] != b.LowerBounds[d])
                return a.LowerBounds[d] < b.LowerBounds[d] ? -1 : 1;
        }
        return 0;
    }

    public static int Hash(ArrayValue a)
    {
        var h = new HashCode();
        h.Add(a.NDims);
        foreach (var e in a.Elements)
            h.Add(DatumOrder.Hash(e));
        return h.ToHashCode();
    }

    /// <summary>a @&gt; b: every element of b equals some element of a (NULLs never match; shapes ignored).</summary>
    public static bool Contains(ArrayValue a, ArrayValue b)
    {
        foreach (var y in b.Elements)
        {
            if (y.IsNull || !a.Elements.Any(x => !x.IsNull && DatumOrder.Equal(x, y)))
                return false;
        }
        return true;
    }

    /// <summary>a &amp;&amp; b: some non-NULL element is in both.</summary>
    public static bool Overlaps(ArrayValue a, ArrayValue b)
    {
        foreach (var y in b.Elements)
        {
            if (!y.IsNull && a.Elements.Any(x => !x.IsNull && DatumOrder.Equal(x, y)))
                return true;
        }
        return false;
    }

    // ---- building -----------------------------------------------------------------------------------------

    /// <summary>array_append: a 1-D array with one more element at the end (lower bound kept).</summary>
    public static ArrayValue Append(ArrayValue? a, Datum e, uint elementType) => Extend(a, e, elementType, atEnd: true);

    /// <summary>array_prepend: a 1-D array with one more element in front (lower bound kept).</summary>
    public static ArrayValue Prepend(Datum e, ArrayValue? a, uint elementType) => Extend(a, e, elementType, atEnd: false);

    static ArrayValue Extend(ArrayValue? a, Datum e, uint elementType, bool atEnd)
    {
        if (a == null || a.IsEmpty)
            return ArrayValue.OneDim(elementType, [e]);
        if (a.NDims != 1)
            Throw.Error(SqlState.DataException, "argument must be empty or one-dimensional array");
        var elems = atEnd ? [.. a.Elements, e] : new[] { e }.Concat(a.Elements).ToArray();
        return ArrayValue.Create(elementType, [elems.Length], [a.LowerBounds[0]], elems);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void Incompatible(string detail) =>
        Throw.Error(SqlState.ArraySubscriptError, "cannot concatenate incompatible arrays", detail: detail);

    /// <summary>array_cat (NULL arguments handled by the caller).</summary>
    public static ArrayValue Cat(ArrayValue a, ArrayValue b)
    {
        if (b.IsEmpty)
            return a;
        if (a.IsEmpty)
            return b;
        int na = a.NDims;
        int nb = b.NDims;
        if (na != nb && na != nb - 1 && na != nb + 1)
            Incompatible($"Arrays of {na} and {nb} dimensions are not compatible for concatenation.");
        int[] dims;
        int[] lbounds;
        if (na == nb)
        {
            for (int d = 1; d < na; d++)
            {
                if (a.Dims[d] != b.Dims[d] || a.LowerBounds[d] != b.LowerBounds[d])
                    Incompatible("Arrays with differing element dimensions are not compatible for concatenation.");
            }
            dims = (int[])a.Dims.Clone();
            dims[0] += b.Dims[0];
            lbounds = a.LowerBounds;
        }
        else
        {
            // The array with one dimension less is one more item of the bigger one's first dimension.
            var big = na > nb ? a : b;
            var small = na > nb ? b : a;
            for (int d = 0; d < small.NDims; d++)
            {
                if (big.Dims[d + 1] != small.Dims[d] || big.LowerBounds[d + 1] != small.LowerBounds[d])
                    Incompatible("Arrays with differing dimensions are not compatible for concatenation.");
            }
            dims = (int[])big.Dims.Clone();
            dims[0]++;
            lbounds = big.LowerBounds;
        }
        return ArrayValue.Create(a.ElementType, dims, lbounds, [.. a.Elements, .. b.Elements]);
    }

    // ---- subscripts ---------------------------------------------------------------------------------------

    /// <summary>a[i][j]...: the element, or NULL when the count of subscripts or any of them is out of range.</summary>
    public static Datum Element(ArrayValue a, ReadOnlySpan<int> subscripts)
    {
        if (subscripts.Length != a.NDims)
            return Datum.Null(a.ElementType);
        int offset = 0;
        for (int d = 0; d < a.NDims; d++)
        {
            int k = subscripts[d] - a.LowerBounds[d];
            if (k < 0 || k >= a.Dims[d])
                return Datum.Null(a.ElementType);
            offset = offset * a.Dims[d] + k;
        }
        return a.Elements[offset];
    }

    /// <summary>
    /// a[lo:hi]...: the part of the array in the given ranges (null bound = the array's own bound; dimensions
    /// without a subscript taken whole), clamped to the array; the result's lower bounds are 1.
    /// </summary>
    public static ArrayValue Slice(ArrayValue a, ReadOnlySpan<int?> lower, ReadOnlySpan<int?> upper)
    {
        int n = a.NDims;
        if (n == 0 || lower.Length > n)
            return ArrayValue.Empty(a.ElementType);
        var lo = new int[n];
        var len = new int[n];
        for (int d = 0; d < n; d++)
        {
            int l = d < lower.Length && lower[d] is int x ? Math.Max(x, a.LowerBounds[d]) : a.LowerBounds[d];
            int u = d < upper.Length && upper[d] is int y ? Math.Min(y, a.UpperBound(d)) : a.UpperBound(d);
            if (l > u)
                return ArrayValue.Empty(a.ElementType);
            lo[d] = l - a.LowerBounds[d];
            len[d] = u - l + 1;
        }
        int count = 1;
        foreach (int l in len)
            count *= l;
        var result = new Datum[count];
        var idx = new int[n];
        for (int i = 0; i < count; i++)
        {
            int offset = 0;
            for (int d = 0; d < n; d++)
                offset = offset * a.Dims[d] + lo[d] + idx[d];
            result[i] = a.Elements[offset];
            for (int d = n - 1; d >= 0; d--)
            {
                if (++idx[d] < len[d])
                    break;
                idx[d] = 0;
            }
        }
        var ones = new int[n];
        Array.Fill(ones, 1);
        return ArrayValue.Create(a.ElementType, len, ones, result);
    }
}
