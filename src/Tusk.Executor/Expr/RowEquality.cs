// Equality comparer over rows (DISTINCT, set operations), or over their leading key columns (hash aggregation
// looks groups up by the key prefix of its input tuples without copying it).
using Tusk.Common.Types;

namespace Tusk.Executor.Expr;

/// <summary>Row equality by value, column by column (over the first <c>prefix</c> columns when given).</summary>
internal sealed class RowEquality(int prefix = -1) : IEqualityComparer<Datum[]>
{
    public static readonly RowEquality Instance = new();

    public bool Equals(Datum[]? x, Datum[]? y)
    {
        if (x == null || y == null)
            return ReferenceEquals(x, y);
        int n = prefix >= 0 ? prefix : x.Length;
        if (prefix < 0 && x.Length != y.Length)
            return false;
        for (int i = 0; i < n; i++)
            if (!DatumOrder.SameValue(x[i], y[i]))
                return false;
        return true;
    }

    public int GetHashCode(Datum[] obj)
    {
        var h = new HashCode();
        int n = prefix >= 0 ? prefix : obj.Length;
        for (int i = 0; i < n; i++)
            h.Add(DatumOrder.Hash(obj[i]));
        return h.ToHashCode();
    }
}
