// What every row written to a table goes through (execMain.c's ExecConstraints + the storage form): NOT NULL
// (23502) and CHECK constraints (23514, a NULL result passes), both reporting the failing row as PostgreSQL does
// ("Failing row contains (1, null)."), and conversion of executor values to the form the row format stores.
// Built once per statement for a relation. Entry points: TargetRow.For, Check, LiveRow.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Analysis;
using Tusk.Executor.Expr;
using Tusk.Sql.Parser;

namespace Tusk.Executor.Nodes;

/// <summary>Constraint checking and storage conversion for one target relation.</summary>
internal sealed class TargetRow
{
    readonly Relation _rel;
    readonly (string Name, BoundExpr Expr)[] _checks;
    readonly int[] _live;

    TargetRow(Relation rel, (string, BoundExpr)[] checks, int[] live)
    {
        _rel = rel;
        _checks = checks;
        _live = live;
    }

    public Relation Relation => _rel;

    /// <summary>Binds the relation's CHECK constraints (over its live columns, as TableView orders them).</summary>
    public static TargetRow For(Relation rel, ISessionContext ctx)
    {
        var checks = new (string, BoundExpr)[rel.Checks.Length];
        for (int i = 0; i < checks.Length; i++)
        {
            var a = new Analyzer(ctx, []);
            a.AddRelation(rel.Name, null, new TableView(rel, ctx));
            checks[i] = (rel.Checks[i].Name, a.BindCondition(RawParser.ParseExpression(rel.Checks[i].Expr), "CHECK"));
        }
        var live = new List<int>();
        for (int i = 0; i < rel.Columns.Length; i++)
        {
            if (!rel.Columns[i].IsDropped)
            {
                live.Add(i);
            }
        }
        return new TargetRow(rel, checks, [.. live]);
    }

    /// <summary>The live columns of a full row (dropped slots left out), in TableView's order.</summary>
    public Datum[] LiveRow(Datum[] full)
    {
        var row = new Datum[_live.Length];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = full[_live[i]];
        }
        return row;
    }

    /// <summary>A RETURNING row: the expressions over the live columns of <paramref name="full"/>.</summary>
    public Datum[] Project(BoundExpr[] exprs, Datum[] full, EvalContext ec, Datum[]? extra = null)
    {
        ec.Row = extra is { Length: > 0 } ? [.. LiveRow(full), .. extra] : LiveRow(full);
        var row = new Datum[exprs.Length];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = exprs[i].Eval(ec);
        }
        return row;
    }

    /// <summary>ExecConstraints: NOT NULL, then CHECK constraints, over a full row (all attributes).</summary>
    public void Check(Datum[] full, EvalContext ec)
    {
        var cols = _rel.Columns;
        for (int i = 0; i < cols.Length; i++)
        {
            if (cols[i].NotNull && !cols[i].IsDropped && full[i].IsNull)
            {
                Throw.Error(SqlState.NotNullViolation,
                    $"null value in column \"{cols[i].Name}\" of relation \"{_rel.Name}\" violates not-null constraint",
                    detail: FailingRow(full, ec));
            }
        }
        if (_checks.Length == 0)
        {
            return;
        }
        ec.Row = LiveRow(full);
        foreach (var (name, expr) in _checks)
        {
            var ok = expr.Eval(ec);
            if (!ok.IsNull && !ok.Bool)
            {
                Throw.Error(SqlState.CheckViolation,
                    $"new row for relation \"{_rel.Name}\" violates check constraint \"{name}\"",
                    detail: FailingRow(full, ec));
            }
        }
    }

    string FailingRow(Datum[] full, EvalContext ec)
    {
        var parts = new List<string>();
        foreach (int i in _live)
        {
            parts.Add(full[i].IsNull ? "null" : TypeIO.ToText(full[i], ec.Session.Output));
        }
        return $"Failing row contains ({string.Join(", ", parts)}).";
    }
}
