// UPDATE and DELETE over one table (nodeModifyTable.c's update and delete paths over a sequential scan): every
// version visible to the statement's snapshot that passes WHERE is replaced (UPDATE: the SET expressions over
// the old row, then NOT NULL and CHECK) or marked deleted, by the current transaction in the current command —
// so the scan never meets the versions this statement makes. A version already changed by another transaction
// that is still running or committed after our snapshot raises 40001 (waiting for it and re-checking, as
// PostgreSQL does under READ COMMITTED, needs the lock manager). RETURNING rows are produced after all changes.
// Entry point: ModifyAnalysis.Plan -> UpdatePlan.Execute.
using Tusk.Access.Heap;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Nodes;

/// <summary>A planned UPDATE (assignments set) or DELETE (assignments null).</summary>
internal sealed class UpdatePlan(
    TargetRow target,
    TableView view,
    PlanNode? from,
    BoundExpr? where,
    (int Column, BoundExpr Expr)[]? assignments,
    ResultColumn[] returningColumns,
    BoundExpr[] returning,
    uint[] paramTypes) : ModifyPlan(target, returningColumns, returning, paramTypes)
{
    protected override string TagPrefix => assignments != null ? "UPDATE " : "DELETE ";

    protected override IEnumerable<Datum[]> Modify(EvalContext ec)
    {
        var ctx = ec.Session;
        var rel = Target.Relation;
        var xact = ctx.Xact;
        uint cid = xact.CommandId;
        var snapshot = ctx.StatementSnapshot();
        uint xid = 0;
        List<Datum[]>? fromRows = from == null ? null : [.. from.Exec(ec.Exec!)];
        foreach (var (tid, old) in view.ScanFull())
        {
            ctx.CheckForInterrupts();
            var live = Target.LiveRow(old);
            if (!Matches(ec, live, fromRows))
                continue;
            if (xid == 0)
            {
                xid = xact.GetCurrentTransactionId();
                xact.MarkCommandUsed();
            }
            Datum[] result;
            ModifyResult r;
            if (assignments != null)
            {
                var full = (Datum[])old.Clone();
                foreach (var (col, expr) in assignments)
                    full[col] = expr.Eval(ec);
                Target.Check(full, ec);
                r = rel.Heap.Update(tid, rel.Desc, StorageForm.Convert(rel, full), xid, cid, snapshot, xact, out _);
                result = full;
            }
            else
            {
                r = rel.Heap.Delete(tid, xid, cid, snapshot, xact);
                result = old;
            }
            if (r == ModifyResult.SelfModified || r == ModifyResult.Invisible)
                continue;
            if (r != ModifyResult.Ok)
                Throw.Error(SqlState.TRSerializationFailure, "could not serialize access due to concurrent update");
            yield return result;
        }
    }

    /// <summary>
    /// WHERE over the row (joined with the first combination of FROM/USING rows that passes it; ec.Row and
    /// ExtraColumns are left at that combination for SET and RETURNING).
    /// </summary>
    bool Matches(EvalContext ec, Datum[] live, List<Datum[]>? fromRows)
    {
        if (fromRows == null)
        {
            ec.Row = live;
            return where == null || where.Eval(ec) is { IsNull: false, Bool: true };
        }
        foreach (var f in fromRows)
        {
            ec.Row = [.. live, .. f];
            if (where == null || where.Eval(ec) is { IsNull: false, Bool: true })
            {
                ExtraColumns = f;
                return true;
            }
        }
        return false;
    }
}
