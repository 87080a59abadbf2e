// Append: the rows of each child in turn (UNION ALL, and a table together with its inheritance children).
using Tusk.Common.Types;

namespace Tusk.Executor.Nodes;

/// <summary>Concatenation of inputs.</summary>
internal sealed class AppendNode : PlanNode
{
    public AppendNode(PlanNode[] children)
    {
        Children = children;
        OutputTypes = children[0].OutputTypes;
    }

    public override string NodeName => "Append";

    public override bool SupportsBackwardScan => Children.All(c => c.SupportsBackwardScan);

    protected override IEnumerable<Datum[]> Produce(ExecState es)
    {
        foreach (var c in Children)
            foreach (var row in c.Exec(es))
                yield return row;
    }
}
