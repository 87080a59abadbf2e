// Equality comparer over Datums (NULL equals NULL) for DISTINCT and DISTINCT aggregates.
using Tusk.Common.Types;

namespace Tusk.Executor.Expr;

/// <summary>Datum equality by value.</summary>
internal sealed class DatumEquality : IEqualityComparer<Datum>
{
    public static readonly DatumEquality Instance = new();

    public bool Equals(Datum x, Datum y) => DatumOrder.SameValue(x, y);

    public int GetHashCode(Datum obj) => DatumOrder.Hash(obj);
}
