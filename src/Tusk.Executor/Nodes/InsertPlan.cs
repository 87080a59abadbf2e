// INSERT (nodeModifyTable.c's insert path with its VALUES or SELECT source): each source row is widened to the
// table's attributes — listed columns from the source, the others from their DEFAULT or NULL — checked
// (TargetRow), and inserted as a version of the current transaction in the current command, so a source that
// reads the same table does not see the rows being inserted. All rows are written before any RETURNING row is
// sent (PostgreSQL runs the statement to completion first). Entry point: Planner.Plan -> InsertPlan.Execute.
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Nodes;

/// <summary>A planned INSERT.</summary>
internal sealed class InsertPlan(
    TargetRow target,
    int[] targetColumns,
    List<BoundExpr?[]>? valuesRows,
    PreparedQuery? select,
    BoundExpr?[] selectCoercions,
    BoundExpr?[] defaults,
    ResultColumn[] returningColumns,
    BoundExpr[] returning,
    uint[] paramTypes) : ModifyPlan(target, returningColumns, returning, paramTypes)
{
    protected override string TagPrefix => "INSERT 0 ";

    protected override IEnumerable<Datum[]> Modify(EvalContext ec)
    {
        var ctx = ec.Session;
        var rel = Target.Relation;
        int natts = rel.Columns.Length;
        uint xid = ctx.Xact.GetCurrentTransactionId();
        uint cid = ctx.Xact.CommandId;
        ctx.Xact.MarkCommandUsed();
        foreach (var source in Source(ec, ec.Parameters))
        {
            ctx.CheckForInterrupts();
            var full = new Datum[natts];
            var given = new bool[natts];
            for (int k = 0; k < targetColumns.Length; k++)
            {
                if (source[k] is { } v)
                {
                    full[targetColumns[k]] = v;
                    given[targetColumns[k]] = true;
                }
            }
            // Only the columns without a value take their default: a default may have effects (nextval).
            for (int i = 0; i < natts; i++)
            {
                if (!given[i])
                {
                    full[i] = defaults[i] != null ? defaults[i]!.Eval(ec) : Datum.Null(rel.Columns[i].Type);
                }
            }
            Target.Check(full, ec);
            rel.Heap.Insert(rel.Desc, StorageForm.Convert(rel, full), xid, cid);
            yield return full;
        }
    }

    /// <summary>Source rows: one value per target column, null where the column takes its DEFAULT.</summary>
    IEnumerable<Datum?[]> Source(EvalContext ec, Datum[] parameters)
    {
        if (valuesRows != null)
        {
            foreach (var exprs in valuesRows)
            {
                ec.Row = [];
                var row = new Datum?[exprs.Length];
                for (int i = 0; i < exprs.Length; i++)
                {
                    row[i] = exprs[i]?.Eval(ec);
                }
                yield return row;
            }
            yield break;
        }
        foreach (var srow in select!.Execute(parameters, ec.Session).ToList())
        {
            ec.Row = srow;
            var row = new Datum?[selectCoercions.Length];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = selectCoercions[i]?.Eval(ec);
            }
            yield return row;
        }
    }
}
