// Parse analysis of INSERT (analyze.c transformInsertStmt): the target table and column list (42703 unknown
// column, 42701 listed twice), the source — VALUES rows (DEFAULT allowed per item; all rows as long as the column
// list, 42601 otherwise), a SELECT, or DEFAULT VALUES — with assignment casts to the column types (42804), the
// columns' DEFAULT expressions (stored as text, bound here; an identity column's is nextval of its sequence), the
// OVERRIDING rules of identity columns (428C9), and RETURNING over the new row.
// Entry point: InsertAnalysis.Plan.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;
using Tusk.Executor.Nodes;
using Tusk.Sql.Nodes;
using Tusk.Sql.Parser;

namespace Tusk.Executor.Analysis;

internal static class InsertAnalysis
{
    public static PreparedQuery Plan(InsertStmt s, uint[] declaredParamTypes, ISessionContext ctx)
    {
        if (s.OnConflictClause != null)
            Throw.Error(SqlState.FeatureNotSupported, "ON CONFLICT is not supported yet", position: s.Location + 1);
        var rel = OpenTarget(s.Relation, ctx);
        var analyzer = new Analyzer(ctx, declaredParamTypes);

        // Target columns.
        var targets = new List<int>();
        if (s.Cols.Count == 0)
        {
            for (int i = 0; i < rel.Columns.Length; i++)
                if (!rel.Columns[i].IsDropped)
                    targets.Add(i);
        }
        else
        {
            foreach (var c in s.Cols)
            {
                int i = rel.ColumnIndex(c.Name!);
                if (i < 0)
                    Throw.Error(SqlState.UndefinedColumn,
                        $"column \"{c.Name}\" of relation \"{rel.Name}\" does not exist", position: c.Location + 1);
                if (targets.Contains(i))
                    Throw.Error(SqlState.DuplicateColumn, $"column \"{c.Name}\" specified more than once",
                        position: c.Location + 1);
                targets.Add(i);
            }
        }

        // Source.
        List<BoundExpr?[]>? valuesRows = null;
        PreparedQuery? select = null;
        var coercions = Array.Empty<BoundExpr?>();
        var src = s.SelectStmt;
        if (src == null)
        {
            valuesRows = [new BoundExpr?[0]];
            targets.Clear();
        }
        else if (src.ValuesLists.Count > 0)
        {
            valuesRows = [];
            int width = src.ValuesLists[0].Count;
            foreach (var list in src.ValuesLists)
                if (list.Count != width)
                    Throw.Error(SqlState.SyntaxError, "VALUES lists must all be the same length",
                        position: list[0].Location + 1);
            if (s.Cols.Count == 0 && width < targets.Count)
                targets.RemoveRange(width, targets.Count - width); // without a column list, missing ones take defaults
            foreach (var list in src.ValuesLists)
            {
                if (list.Count > targets.Count)
                    Throw.Error(SqlState.SyntaxError, "INSERT has more expressions than target columns",
                        position: list[targets.Count].Location + 1);
                if (list.Count < targets.Count)
                    Throw.Error(SqlState.SyntaxError, "INSERT has more target columns than expressions",
                        position: (s.Cols.Count > list.Count ? s.Cols[list.Count].Location : list[^1].Location) + 1);
                var row = new BoundExpr?[list.Count];
                for (int i = 0; i < list.Count; i++)
                {
                    if (list[i] is SetToDefault)
                        continue;
                    var col = rel.Columns[targets[i]];
                    row[i] = analyzer.BindAssignment(list[i], col.Type, col.TypMod, col.Name, "VALUES");
                }
                valuesRows.Add(row);
            }
        }
        else
        {
            select = Planner.PlanSelect(src, [.. analyzer.FinishParams()], ctx);
            var cols = select.Columns;
            if (s.Cols.Count == 0 && cols.Length < targets.Count)
                targets.RemoveRange(cols.Length, targets.Count - cols.Length);
            if (cols.Length > targets.Count)
                Throw.Error(SqlState.SyntaxError, "INSERT has more expressions than target columns",
                    position: src.Location + 1);
            if (cols.Length < targets.Count)
                Throw.Error(SqlState.SyntaxError, "INSERT has more target columns than expressions",
                    position: s.Cols.Count > cols.Length ? s.Cols[cols.Length].Location + 1 : src.Location + 1);
            coercions = new BoundExpr?[cols.Length];
            for (int i = 0; i < cols.Length; i++)
            {
                var col = rel.Columns[targets[i]];
                var input = new BoundExpr { Kind = BoundKind.Column, Index = i, Type = cols[i].TypeOid,
                    TypeMod = cols[i].TypeMod, Location = src.Location };
                coercions[i] = analyzer.CoerceAssignment(input, col.Type, col.TypMod, col.Name, src.Location);
            }
        }

        ApplyOverriding(s.Override, rel, targets, valuesRows, coercions);

        // Defaults of the columns (bound with their own analyzer: they cannot see parameters).
        var defaults = new BoundExpr?[rel.Columns.Length];
        for (int i = 0; i < defaults.Length; i++)
        {
            defaults[i] = BindDefault(rel, rel.Columns[i], ctx);
        }

        // RETURNING.
        var returning = new List<BoundExpr>();
        var retCols = new List<ResultColumn>();
        if (s.ReturningList.Count > 0)
        {
            var view = new TableView(rel, ctx);
            analyzer.AddRelation(s.Relation.Alias ?? rel.Name, s.Relation.Schema, view);
            BindReturning(analyzer, s.ReturningList, view, returning, retCols);
        }
        var paramTypes = select?.ParamTypes ?? analyzer.FinishParams();
        if (select != null)
            paramTypes = MergeParams(paramTypes, analyzer.FinishParams());
        return new InsertPlan(TargetRow.For(rel, ctx), [.. targets], valuesRows, select, coercions, defaults,
            [.. retCols], [.. returning], paramTypes);
    }

    static uint[] MergeParams(uint[] a, uint[] b)
    {
        var r = new uint[Math.Max(a.Length, b.Length)];
        for (int i = 0; i < r.Length; i++)
            r[i] = i < a.Length && a[i] != 0 ? a[i] : i < b.Length ? b[i] : TypeOid.Text;
        return r;
    }

    /// <summary>
    /// Identity columns (rewriteTargetListIU): a value given for a GENERATED ALWAYS column needs OVERRIDING SYSTEM
    /// VALUE (428C9 otherwise); OVERRIDING USER VALUE replaces the values given for any identity column by its
    /// default. A column is given a value when a source row has anything but DEFAULT for it.
    /// </summary>
    static void ApplyOverriding(string? overriding, Relation rel, List<int> targets, List<BoundExpr?[]>? valuesRows,
        BoundExpr?[] coercions)
    {
        for (int k = 0; k < targets.Count; k++)
        {
            var col = rel.Columns[targets[k]];
            if (col.Identity == '\0' || (valuesRows != null && valuesRows.All(r => r[k] == null)))
                continue;
            if (overriding == "user")
            {
                if (valuesRows != null)
                    foreach (var r in valuesRows)
                        r[k] = null;
                else
                    coercions[k] = null;
            }
            else if (col.Identity == 'a' && overriding != "system")
            {
                Throw.Error(SqlState.GeneratedAlways, $"cannot insert a non-DEFAULT value into column \"{col.Name}\"",
                    detail: $"Column \"{col.Name}\" is an identity column defined as GENERATED ALWAYS.",
                    hint: "Use OVERRIDING SYSTEM VALUE to override.");
            }
        }
    }

    /// <summary>
    /// A column's DEFAULT (stored as SQL text) bound with an analyzer of its own — it sees no parameters and no
    /// columns — and cast for assignment; an identity column's nextval; null when the column has none (or is
    /// dropped).
    /// </summary>
    public static BoundExpr? BindDefault(Relation rel, RelColumn col, ISessionContext ctx)
    {
        if (col.IsDropped)
            return null;
        if (col.Identity != '\0')
            return Commands.SequenceCommands.IdentityDefault(rel, col, ctx);
        return col.Default == null
            ? null
            : new Analyzer(ctx, []).BindAssignment(RawParser.ParseExpression(col.Default), col.Type, col.TypMod, col.Name);
    }

    /// <summary>The target relation of a DML statement: must exist (42P01) and be a table (42809).</summary>
    public static Relation OpenTarget(RangeVar rv, ISessionContext ctx)
    {
        var rel = Commands.TableCommands.FindRelation(rv, ctx, rv.Location + 1);
        if (rel.Kind != RelKind.Table)
            Throw.Error(SqlState.WrongObjectType,
                $"cannot change {(rel.Kind == RelKind.Sequence ? "sequence" : "relation")} \"{rel.Name}\"",
                detail: rel.Kind == RelKind.View ? "This operation is not supported for views." : null);
        Commands.TableCommands.CheckNotSystem(rel);
        return rel;
    }

    /// <summary>Binds a RETURNING list (target names as in a select list; * expands to the live columns).</summary>
    public static void BindReturning(Analyzer analyzer, List<ResTarget> list, TableView view, List<BoundExpr> exprs,
        List<ResultColumn> cols)
    {
        foreach (var rt in list)
        {
            if (rt.Val is ColumnRef { IsStar: true })
            {
                for (int i = 0; i < view.Columns.Length; i++)
                {
                    var c = view.Columns[i];
                    exprs.Add(new BoundExpr { Kind = BoundKind.Column, Index = i, Type = c.TypeOid,
                        TypeMod = c.TypeMod, Location = rt.Location });
                    cols.Add(c);
                }
                continue;
            }
            var e = analyzer.BindOutput(rt.Val);
            exprs.Add(e);
            cols.Add(new ResultColumn(rt.Name ?? ColumnNamer.Name(rt.Val), e.Type, e.TypeMod, TypeNames.Length(e.Type)));
        }
    }
}
