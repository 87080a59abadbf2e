// HashSetOp: INTERSECT / EXCEPT [ALL] of two inputs by counting each distinct row on both sides in a hash table
// (nodeSetOp.c): INTERSECT emits rows present in both (ALL: min of the counts), EXCEPT rows of the left absent
// from the right (ALL: left count minus right count). Output follows the left input's first occurrences.
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Nodes;

/// <summary>INTERSECT / EXCEPT.</summary>
internal sealed class SetOpNode : PlanNode
{
    readonly SetOperation _op;
    readonly bool _all;

    public SetOpNode(PlanNode left, PlanNode right, SetOperation op, bool all)
    {
        Children = [left, right];
        _op = op;
        _all = all;
        OutputTypes = left.OutputTypes;
    }

    public override string NodeName => "HashSetOp " + (_op == SetOperation.Intersect ? "Intersect" : "Except")
        + (_all ? " All" : "");

    protected override IEnumerable<Datum[]> Produce(ExecState es)
    {
        var counts = new Dictionary<Datum[], (long Left, long Right)>(RowEquality.Instance);
        var order = new List<Datum[]>();
        foreach (var row in Children[0].Exec(es))
        {
            if (counts.TryGetValue(row, out var c))
                counts[row] = (c.Left + 1, c.Right);
            else
            {
                counts[row] = (1, 0);
                order.Add(row);
            }
        }
        foreach (var row in Children[1].Exec(es))
            if (counts.TryGetValue(row, out var c))
                counts[row] = (c.Left, c.Right + 1);
        foreach (var row in order)
        {
            var (l, r) = counts[row];
            long n = _op == SetOperation.Intersect
                ? (r == 0 ? 0 : _all ? Math.Min(l, r) : 1)
                : (_all ? Math.Max(0, l - r) : r == 0 ? 1 : 0);
            for (long i = 0; i < n; i++)
                yield return row;
        }
    }
}
