// Subquery Scan: the rows of a sub-SELECT in FROM (or a view, or a WITH query), which the outer query reads
// under its alias. The subquery's own plan is the child; its rows pass through (junk columns already removed).
using Tusk.Common.Types;
using Tusk.Executor.Functions;

namespace Tusk.Executor.Nodes;

/// <summary>A FROM-clause subquery.</summary>
internal sealed class SubqueryScanNode : PlanNode
{
    readonly string _alias;
    readonly int _width;

    public SubqueryScanNode(PlanNode child, string alias, int width)
    {
        Children = [child];
        _alias = alias;
        _width = width;
    }

    public override string NodeName => "Subquery Scan";

    public override bool SupportsBackwardScan => Children[0].SupportsBackwardScan;

    public override string Target => $" on {FunctionCatalog.QuoteIdent(_alias)}";

    protected override IEnumerable<Datum[]> Produce(ExecState es)
    {
        foreach (var row in Children[0].Exec(es))
            yield return row.Length == _width ? row : row[.._width];
    }
}
