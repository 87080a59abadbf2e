// Phase 3 of ALTER TABLE (tablecmds.c ATRewriteTables / ATRewriteTable): with a rewrite, the table gets a new
// relfilenode (HeapCatalog.NewRelfilenode; removed if the transaction aborts, and the old file is scheduled for
// removal at commit only after the copy, since it may itself be new in this transaction) and every row
// visible to a fresh snapshot (plus all of this transaction's changes) is read in the old row format, converted to
// the new one (changed columns through their conversion, added columns from their default evaluated per row,
// dropped slots NULL), checked, and inserted as the current transaction's; without one, the rows are only read to
// verify the new NOT NULL and CHECK constraints. Failures report PostgreSQL's ALTER messages (23502 "column ...
// contains null values", 23514 "check constraint ... is violated by some row").
// Entry point: Finish (called by Alter after the last subcommand).
using Tusk.Access.Common;
using Tusk.Access.Heap;
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Analysis;
using Tusk.Executor.Expr;
using Tusk.Executor.Nodes;
using Tusk.Storage.Ipc;

namespace Tusk.Executor.Commands;

public static partial class AlterTableCommands
{
    static void Finish(AlterWork work, ISessionContext ctx)
    {
        if (!work.Rewrite && work.NewNotNull.Count == 0 && work.NewChecks.Count == 0)
            return;
        var cat = ctx.Catalog;
        var rel = cat.GetRelation(work.Original.Oid)!;
        // A rewrite checks every NOT NULL column; a type change also re-checks the CHECK constraints (PostgreSQL
        // re-adds those that use a changed column).
        var notNull = rel.Columns.Where(c => !c.IsDropped && c.NotNull && (work.Rewrite || work.NewNotNull.Contains(c.AttNum)))
            .ToArray();
        var checks = rel.Checks.Where(c => work.NewChecks.Contains(c.Name) || work.Conversions.Count > 0)
            .Select(c => (c.Name, Expr: BindCheck(rel, c.Expr, ctx))).ToArray();
        var ec = new EvalContext([], ctx);
        if (!work.Rewrite)
        {
            foreach (var full in ReadRows(rel, rel.Desc, ctx))
                Verify(rel, full, notNull, checks, ec);
            return;
        }
        HeapCatalog.NewRelfilenode(cat, rel);
        var target = cat.GetRelation(rel.Oid)!;
        var defaults = new BoundExpr?[target.Columns.Length];
        for (int i = work.Original.Columns.Length; i < defaults.Length; i++)
            defaults[i] = InsertAnalysis.BindDefault(target, target.Columns[i], ctx);
        var oldLive = LiveIndexes(work.Original);
        uint xid = ctx.Xact.GetCurrentTransactionId();
        uint cid = ctx.Xact.CommandId;
        ctx.Xact.MarkCommandUsed();
        foreach (var old in ReadRows(work.Original, work.Original.Desc, ctx))
        {
            ctx.CheckForInterrupts();
            var full = new Datum[target.Columns.Length];
            for (int i = 0; i < full.Length; i++)
            {
                var col = target.Columns[i];
                if (col.IsDropped)
                {
                    full[i] = Datum.Null(col.Type);
                }
                else if (work.Conversions.TryGetValue(col.AttNum, out var conv))
                {
                    ec.Row = Array.ConvertAll(oldLive, k => old[k]);
                    full[i] = conv.Eval(ec);
                }
                else if (i < old.Length)
                {
                    full[i] = old[i];
                }
                else
                {
                    ec.Row = [];
                    full[i] = defaults[i]?.Eval(ec) ?? Datum.Null(col.Type);
                }
            }
            Verify(target, full, notNull, checks, ec);
            target.Heap.Insert(target.Desc, StorageForm.Convert(target, full), xid, cid);
        }
        // Only now: a file this transaction made (an earlier rewrite) is removed at once.
        cat.ScheduleDrop(work.Original.Locator);
    }

    static int[] LiveIndexes(Relation rel) =>
        [.. Enumerable.Range(0, rel.Columns.Length).Where(i => !rel.Columns[i].IsDropped)];

    /// <summary>
    /// The rows of <paramref name="rel"/>'s file, all attributes materialized with <paramref name="desc"/>: what a
    /// fresh snapshot sees, plus every change of this transaction (earlier subcommands' rewrites included).
    /// </summary>
    static IEnumerable<Datum[]> ReadRows(Relation rel, TupleDesc desc, ISessionContext ctx)
    {
        var snap = new CatalogSnapshot(ProcArray.GetSnapshot(), ctx.Xact);
        var values = new Datum[desc.Count];
        using var scan = rel.Heap.BeginScan(snap.Snapshot, snap);
        while (Next(scan, desc, values, out var row))
            yield return row;
    }

    static bool Next(HeapScan scan, TupleDesc desc, Datum[] values, out Datum[] row)
    {
        row = [];
        if (!scan.Next(desc, values, out _, out var tuple))
            return false;
        row = new Datum[values.Length];
        for (int i = 0; i < row.Length; i++)
            row[i] = HeapTuple.Materialize(tuple, values[i]);
        return true;
    }

    static void Verify(Relation rel, Datum[] full, RelColumn[] notNull, (string Name, BoundExpr Expr)[] checks, EvalContext ec)
    {
        foreach (var col in notNull)
            if (full[col.AttNum - 1].IsNull)
                Throw.Error(SqlState.NotNullViolation, $"column \"{col.Name}\" of relation \"{rel.Name}\" contains null values");
        if (checks.Length == 0)
            return;
        ec.Row = Array.ConvertAll(LiveIndexes(rel), k => full[k]);
        foreach (var (name, expr) in checks)
        {
            var ok = expr.Eval(ec);
            if (!ok.IsNull && !ok.Bool)
                Throw.Error(SqlState.CheckViolation, $"check constraint \"{name}\" of relation \"{rel.Name}\" is violated by some row");
        }
    }
}
