// Unique: drops a row when its key columns equal those of the previous row (input sorted on them): DISTINCT ON
// keeps the first row of each group in ORDER BY order.
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Nodes;

/// <summary>Removes adjacent duplicates on key columns.</summary>
internal sealed class UniqueNode : PlanNode
{
    readonly int[] _keys;

    public UniqueNode(PlanNode child, int[] keys)
    {
        Children = [child];
        _keys = keys;
        OutputTypes = child.OutputTypes;
    }

    public override string NodeName => "Unique";

    protected override IEnumerable<Datum[]> Produce(ExecState es)
    {
        Datum[]? prev = null;
        foreach (var row in Children[0].Exec(es))
        {
            if (prev != null && _keys.All(k => DatumOrder.SameValue(prev[k], row[k])))
                continue;
            prev = row;
            yield return row;
        }
    }
}
