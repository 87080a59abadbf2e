// VACUUM and ANALYZE (vacuum.c / analyze.c), the part that exists so far: the targets are checked (42P01,
// 42703 for an ANALYZE column list), VACUUM refuses to run in a transaction block (25001), and each table's
// size estimates in pg_class (relpages, reltuples) are refreshed from a scan, as both commands do in
// PostgreSQL. Removing dead versions, the visibility map and column statistics (pg_statistic) come later.
// Entry point: VacuumCommand.Execute.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static class VacuumCommand
{
    public static string Execute(VacuumStmt s, bool inTransactionBlock, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        string tag = s.IsVacuumcmd ? "VACUUM" : "ANALYZE";
        if (s.IsVacuumcmd && inTransactionBlock)
            Throw.Error(SqlState.ActiveSqlTransaction, "VACUUM cannot run inside a transaction block");
        var cat = ctx.Catalog;
        var targets = new List<Relation>();
        if (s.Rels.Count == 0)
        {
            var c = SystemCatalogs.PgClass;
            int kind = c.Column("relkind");
            foreach (var row in cat.Scan(c, r => V.AsChar(r[kind]) == RelKind.Table))
                if (cat.GetRelation(V.AsOid(row.Values[0])) is { } rel)
                    targets.Add(rel);
        }
        foreach (var vr in s.Rels)
        {
            var rel = ctx.FindTable(vr.Relation.Schema, vr.Relation.Name) ?? Throw.Error<Relation>(
                SqlState.UndefinedTable, $"relation \"{vr.Relation.Name}\" does not exist");
            foreach (var col in vr.VaCols)
                if (rel.ColumnIndex(col) < 0)
                    Throw.Error(SqlState.UndefinedColumn, $"column \"{col}\" of relation \"{rel.Name}\" does not exist");
            if (rel.Kind == RelKind.Table)
                targets.Add(rel);
        }
        foreach (var rel in targets)
        {
            long tuples = 0;
            using (var scan = rel.Heap.BeginScan(ctx.StatementSnapshot(), ctx.Xact))
                while (scan.NextTuple(out _, out _))
                    tuples++;
            HeapCatalog.SetSizeEstimates(cat, rel, (int)rel.Heap.NBlocks, tuples);
        }
        return tag;
    }
}
