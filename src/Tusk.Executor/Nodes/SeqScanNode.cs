// Seq Scan: every version of a heap table visible to the statement's snapshot (via TableView), or the rows of a
// built-in view ("Function Scan" in PostgreSQL's terms). The node's Qual is the scan's Filter.
using Tusk.Common.Types;

namespace Tusk.Executor.Nodes;

/// <summary>A sequential scan of one relation.</summary>
internal sealed class SeqScanNode(ISystemView source, string relName, string? alias) : PlanNode
{
    public override string NodeName => source is TableView ? "Seq Scan" : "Function Scan";

    public override bool SupportsBackwardScan => true;

    public override void CollectTables(HashSet<uint> into)
    {
        if (source is TableView table)
            into.Add(table.RelationOid);
    }

    public override string Target => alias != null && alias != relName ? $" on {relName} {alias}" : $" on {relName}";

    protected override IEnumerable<Datum[]> Produce(ExecState es)
    {
        foreach (var row in source.Scan())
        {
            es.Session.CheckForInterrupts();
            yield return row;
        }
    }
}
