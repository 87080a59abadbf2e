// CREATE TABLE ... INHERITS (tablecmds.c MergeAttributes / StoreCatalogInheritance): the parents' columns come
// first, in parent order, a column defined by several parents merged into one (NOTICE "merging multiple inherited
// definitions", 42804 when the types differ); then the table's own columns, a name that is already inherited
// merging with it (NOTICE "merging column" / "moving and merging column", 42804 on a type conflict). attinhcount
// counts the parents defining a column, attislocal says the table defines it too; NOT NULL is or-ed, a local DEFAULT
// wins over the inherited one. The parents' CHECK constraints are copied (coninhcount, conislocal false). pg_inherits
// gets one row per parent (inhseqno in the written order) and each parent's relhassubclass becomes true.
// DROP TABLE of a parent with children is 2BP01 unless CASCADE (Dependents lists them as PostgreSQL reports).
// Entry points: Merge, Record, DropCascade.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

internal static class TableInheritance
{
    /// <summary>The merged column list (inherited first) and the parents; inherited CHECKs are added to <paramref name="checks"/>.</summary>
    public static (List<ColumnSpec> Columns, List<Relation> Parents) Merge(CreateStmt s, ISessionContext ctx,
        List<ColumnSpec> local, List<CheckSpec> checks)
    {
        var parents = new List<Relation>();
        foreach (var rv in s.InhRelations)
        {
            var rel = TableCommands.FindRelation(rv, ctx);
            if (rel.Kind != RelKind.Table)
                Throw.Error(SqlState.WrongObjectType, $"inherited relation \"{rel.Name}\" is not a table or foreign table");
            TableCommands.CheckNotSystem(rel);
            if (parents.Any(p => p.Oid == rel.Oid))
                Throw.Error(SqlState.DuplicateTable, $"relation \"{rel.Name}\" would be inherited from more than once");
            parents.Add(rel);
        }

        var inherited = new List<ColumnSpec>();
        var inheritedChecks = new List<CheckSpec>();
        foreach (var parent in parents)
        {
            foreach (var col in parent.Columns.Where(c => !c.IsDropped))
            {
                int at = inherited.FindIndex(c => c.Name == col.Name);
                if (at < 0)
                {
                    inherited.Add(new ColumnSpec(col.Name, col.Type, col.TypMod, col.NotNull, col.Default, InhCount: 1,
                        IsLocal: false));
                    continue;
                }
                var prev = inherited[at];
                ctx.Notice(SqlState.SuccessfulCompletion, $"merging multiple inherited definitions of column \"{col.Name}\"");
                if (prev.Type != col.Type || prev.TypMod != col.TypMod)
                    Throw.Error(SqlState.DatatypeMismatch, $"inherited column \"{col.Name}\" has a type conflict",
                        detail: $"{TypeNames.Display(prev.Type)} versus {TypeNames.Display(col.Type)}");
                inherited[at] = prev with { NotNull = prev.NotNull || col.NotNull, InhCount = prev.InhCount + 1,
                    Default = prev.Default ?? col.Default };
            }
            foreach (var check in parent.Checks)
            {
                int at = inheritedChecks.FindIndex(c => c.Name == check.Name);
                if (at < 0)
                    inheritedChecks.Add(new CheckSpec(check.Name, check.Expr, IsLocal: false, InhCount: 1));
                else if (inheritedChecks[at].Expr == check.Expr)
                    inheritedChecks[at] = inheritedChecks[at] with { InhCount = inheritedChecks[at].InhCount + 1 };
                else
                    Throw.Error(SqlState.DuplicateObject,
                        $"check constraint name \"{check.Name}\" appears multiple times but with different expressions");
            }
        }

        var result = new List<ColumnSpec>(inherited);
        for (int i = 0; i < local.Count; i++)
        {
            var col = local[i];
            int at = result.FindIndex(c => c.Name == col.Name);
            if (at < 0 || at >= inherited.Count)
            {
                result.Add(col);
                continue;
            }
            if (at == i)
                ctx.Notice(SqlState.SuccessfulCompletion, $"merging column \"{col.Name}\" with inherited definition");
            else
                ctx.Notice(SqlState.SuccessfulCompletion, $"moving and merging column \"{col.Name}\" with inherited definition",
                    "User-specified column moved to the position of the inherited column.");
            var prev = result[at];
            if (prev.Type != col.Type || (col.TypMod >= 0 && prev.TypMod != col.TypMod))
                Throw.Error(SqlState.DatatypeMismatch, $"column \"{col.Name}\" has a type conflict",
                    detail: $"{TypeNames.Display(prev.Type)} versus {TypeNames.Display(col.Type)}");
            result[at] = prev with { NotNull = prev.NotNull || col.NotNull, Default = col.Default ?? prev.Default,
                IsLocal = true };
        }

        foreach (var check in inheritedChecks)
        {
            int at = checks.FindIndex(c => c.Name == check.Name);
            if (at < 0)
                checks.Add(check);
            else if (checks[at].Expr == check.Expr)
                checks[at] = checks[at] with { InhCount = check.InhCount };
            else
                Throw.Error(SqlState.DuplicateObject, $"constraint \"{check.Name}\" conflicts with inherited constraint");
        }
        return (result, parents);
    }

    /// <summary>pg_inherits rows for the new table and relhassubclass on its parents.</summary>
    public static void Record(CatalogSession cat, uint relid, List<Relation> parents)
    {
        var c = SystemCatalogs.PgClass;
        int flag = c.Column("relhassubclass");
        for (int i = 0; i < parents.Count; i++)
        {
            CatalogIO.Insert(SystemCatalogs.PgInherits, cat.DatabaseOid, cat,
                [V.Oid(relid), V.Oid(parents[i].Oid), V.Int4(i + 1), V.Bool(false)]);
            uint parent = parents[i].Oid;
            var row = cat.Scan(c, r => V.AsOid(r[0]) == parent).Single();
            if (!V.AsBool(row.Values[flag]))
            {
                var values = (Datum[])row.Values.Clone();
                values[flag] = V.Bool(true);
                CatalogIO.Update(c, cat.DatabaseOid, cat, row.Tid, values);
            }
        }
    }

    /// <summary>
    /// The child tables a DROP of <paramref name="drops"/> takes along: none when there are none, 2BP01 listing them
    /// (RESTRICT), or with CASCADE the NOTICE and the tables to drop as well.
    /// </summary>
    public static List<Relation> DropCascade(ISessionContext ctx, List<Relation> drops, DropBehavior behavior)
    {
        var cat = ctx.Catalog;
        var seen = new HashSet<uint>(drops.Select(d => d.Oid));
        var result = new List<Relation>();
        foreach (var rel in drops)
        {
            var deps = Dependents(cat, rel.Oid, seen);
            if (deps.Count == 0)
                continue;
            string Name(uint oid) => cat.GetRelation(oid)?.Name ?? oid.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (behavior != DropBehavior.Cascade)
                Throw.Error(SqlState.DependentObjectsStillExist, DropMessages.CannotDrop(drops.Count, $"table {rel.Name}"),
                    detail: string.Join("\n", deps.Select(d => $"table {Name(d.Child)} depends on table {Name(d.Via)}")),
                    hint: DropMessages.Hint);
            DropMessages.Cascade(ctx, [.. deps.Select(d => $"table {Name(d.Child)}")]);
            result.AddRange(deps.Select(d => cat.GetRelation(d.Child)!));
        }
        return result;
    }

    /// <summary>
    /// The tables below <paramref name="relid"/> as findDependentObjects reaches them (children newest first, depth
    /// first) in the order PostgreSQL reports them, each with the parent it was reached through.
    /// </summary>
    static List<(uint Child, uint Via)> Dependents(CatalogSession cat, uint relid, HashSet<uint> seen)
    {
        var order = new List<(uint, uint)>();
        void Visit(uint rel)
        {
            foreach (uint child in cat.InheritanceChildren(rel).Reverse())
            {
                if (seen.Add(child))
                {
                    Visit(child);
                    order.Add((child, rel));
                }
            }
        }
        Visit(relid);
        order.Reverse();
        return order;
    }
}
