// Result: a query without FROM yields one empty row (its Projection computes the target list); with a child it
// passes the child's rows through (projection and a one-time filter over another node's output).
using Tusk.Common.Types;

namespace Tusk.Executor.Nodes;

/// <summary>One row, or the child's rows, projected.</summary>
internal sealed class ResultNode : PlanNode
{
    public ResultNode(PlanNode? child = null)
    {
        if (child != null)
            Children = [child];
    }

    public override string NodeName => "Result";

    public override bool SupportsBackwardScan => Children.Length == 1 && Children[0].SupportsBackwardScan;

    public override string QualLabel => "One-Time Filter";

    protected override IEnumerable<Datum[]> Produce(ExecState es)
    {
        if (Children.Length == 0)
        {
            yield return [];
            yield break;
        }
        foreach (var row in Children[0].Exec(es))
            yield return row;
    }
}
