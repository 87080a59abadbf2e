// What INSERT, UPDATE and DELETE plans share (nodeModifyTable.c's outer loop): the target, the RETURNING list
// and the row count for the command tag. Execute runs the whole statement first — every row the subclass
// writes is counted and, with RETURNING, projected — and only then hands out the RETURNING rows, as PostgreSQL
// does. Entry point: a subclass's Modify.
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;

namespace Tusk.Executor.Nodes;

internal abstract class ModifyPlan(
    TargetRow target, ResultColumn[] returningColumns, BoundExpr[] returning, uint[] paramTypes) : PreparedQuery
{
    long _processed;

    protected TargetRow Target => target;

    public override ResultColumn[] Columns => returningColumns;

    public override uint[] ParamTypes => paramTypes;

    public override bool ReturnsRows => returning.Length > 0;

    /// <summary>"INSERT 0 ", "UPDATE " or "DELETE ".</summary>
    protected abstract string TagPrefix { get; }

    public override string CommandTag(long rowsSent) => TagPrefix + _processed;

    public override string ExplainLine()
    {
        string verb = TagPrefix.StartsWith("INSERT", StringComparison.Ordinal) ? "Insert"
            : TagPrefix.StartsWith("UPDATE", StringComparison.Ordinal) ? "Update" : "Delete";
        return $"{verb} on {FunctionCatalog.QuoteIdent(target.Relation.Name)}";
    }

    public override IEnumerable<Datum[]> Execute(Datum[] parameters, ISessionContext ctx)
    {
        // ExecCheckXactReadOnly: a read-only transaction writes only its own temporary tables.
        if (ctx.Xact.ReadOnly && target.Relation.Persistence != 't')
            ctx.Xact.PreventCommandIfReadOnly(TagPrefix[..TagPrefix.IndexOf(' ', StringComparison.Ordinal)]);
        var es = new ExecState(parameters ?? [], ctx);
        var ec = es.NewEval();
        _processed = 0;
        var output = returning.Length > 0 ? new List<Datum[]>() : null;
        foreach (var written in Modify(ec))
        {
            _processed++;
            output?.Add(target.Project(returning, written, ec, ExtraColumns));
        }
        return output ?? (IEnumerable<Datum[]>)[];
    }

    /// <summary>Values of the UPDATE FROM / DELETE USING items that matched the row last yielded (for RETURNING).</summary>
    protected Datum[] ExtraColumns { get; set; } = [];

    /// <summary>Writes the statement's rows, yielding each one written (all attributes) as it goes.</summary>
    protected abstract IEnumerable<Datum[]> Modify(EvalContext ec);
}
