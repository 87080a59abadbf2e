// Executor values in the form the row format stores (HeapTuple.Fill): the first executor keeps a few types as
// strings ("char", and values of by-value types produced from text); they become the stored number here.
// Entry point: StorageForm.Convert.
using Tusk.Catalog;
using Tusk.Common.Types;

namespace Tusk.Executor.Nodes;

internal static class StorageForm
{
    /// <summary>The row with every value in its stored form (a copy only when something changes).</summary>
    public static Datum[] Convert(Relation rel, Datum[] row)
    {
        for (int i = 0; i < row.Length; i++)
        {
            var d = row[i];
            if (d.IsNull || d.Ref is not string s)
            {
                continue;
            }
            if (rel.Columns[i].Type == TypeOid.Char)
            {
                row[i] = Datum.FromInt8(s.Length == 0 ? 0 : (byte)s[0]).WithType(TypeOid.Char);
            }
        }
        return row;
    }
}
