// Equality comparer over whole rows for SELECT DISTINCT.
using Tusk.Common.Types;

namespace Tusk.Executor.Expr;

/// <summary>Row equality by value, column by column.</summary>
internal sealed class RowEquality : IEqualityComparer<Datum[]>
{
    public static readonly RowEquality Instance = new();

    public bool Equals(Datum[]? x, Datum[]? y)
    {
        if (x == null || y == null || x.Length != y.Length)
            return ReferenceEquals(x, y);
        for (int i = 0; i < x.Length; i++)
            if (!DatumOrder.SameValue(x[i], y[i]))
                return false;
        return true;
    }

    public int GetHashCode(Datum[] obj)
    {
        var h = new HashCode();
        foreach (var d in obj)
            h.Add(DatumOrder.Hash(d));
        return h.ToHashCode();
    }
}
