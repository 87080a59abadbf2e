// EXPLAIN's text format (explain.c + the expression half of ruleutils.c, simplified): walks a plan tree and
// prints each node as PostgreSQL does — "Node  (cost=s..t rows=r width=w) (actual time=a..b rows=n loops=l)",
// detail lines (Filter, Sort Key, Group Key, Join Filter) indented under it, children as "->  " lines six
// columns deeper — and deparses BoundExprs back to SQL text with PostgreSQL's parenthesization and constant
// casts ('abc'::text). Column names are qualified when the query reads more than one relation, or in VERBOSE.
using System.Globalization;
using System.Text;
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;

namespace Tusk.Executor.Nodes;

/// <summary>EXPLAIN options and output.</summary>
internal sealed class ExplainContext
{
    public bool Analyze { get; init; }
    public bool Verbose { get; init; }
    public bool Costs { get; init; } = true;
    public bool Timing { get; init; } = true;
    public bool Summary { get; init; }

    /// <summary>Qualify column names with their relation (several relations in the query, or VERBOSE).</summary>
    public bool Qualify { get; init; }

    public OutputContext Output { get; init; } = OutputContext.Default;

    /// <summary>The executed run's per-node figures (EXPLAIN ANALYZE), else null.</summary>
    public Dictionary<PlanNode, NodeInstrumentation>? Instrumentation { get; init; }

    /// <summary>A fresh formatter with these options for one EXPLAIN execution.</summary>
    public ExplainContext ForRun(bool qualify, Dictionary<PlanNode, NodeInstrumentation>? instrumentation) => new()
    {
        Analyze = Analyze, Verbose = Verbose, Costs = Costs, Timing = Timing, Summary = Summary, Output = Output,
        Qualify = qualify || Verbose, Instrumentation = instrumentation,
    };

    readonly Dictionary<SubPlan, int> _subPlanNumbers = [];

    /// <summary>The SubPlan's number in this EXPLAIN ("SubPlan 1"), given in order of first mention.</summary>
    int Number(SubPlan sp)
    {
        if (!_subPlanNumbers.TryGetValue(sp, out int n))
            _subPlanNumbers[sp] = n = _subPlanNumbers.Count + 1;
        return n;
    }

    /// <summary>The plan as EXPLAIN's lines.</summary>
    public List<string> Format(PlanNode root)
    {
        var lines = new List<string>();
        Walk(root, 0, lines);
        return lines;
    }

    void Walk(PlanNode node, int depth, List<string> lines)
    {
        string pad = depth == 0 ? "" : new string(' ', 6 * (depth - 1) + 2) + "->  ";
        string detailPad = new string(' ', depth == 0 ? 2 : 6 * depth + 2);
        var sb = new StringBuilder(pad);
        sb.Append(node.NodeName).Append(node.Target);
        if (Costs)
            sb.Append(CultureInfo.InvariantCulture,
                $"  (cost={node.StartupCost:F2}..{node.TotalCost:F2} rows={Math.Max(1, Math.Round(node.PlanRows)):F0} width={node.PlanWidth})");
        var ins = Instrumentation?.GetValueOrDefault(node);
        if (Analyze)
        {
            if (ins == null || ins.Loops == 0)
                sb.Append(" (never executed)");
            else
            {
                long rows = (long)Math.Round((double)ins.Rows / ins.Loops);
                sb.Append(' ');
                sb.Append(Timing
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"(actual time={ins.StartupMs / ins.Loops:F3}..{ins.TotalMs / ins.Loops:F3} rows={rows} loops={ins.Loops})")
                    : $"(actual rows={rows} loops={ins.Loops})");
            }
        }
        lines.Add(sb.ToString());
        var details = new List<string>();
        node.ExplainDetails(this, details);
        if (node.Qual != null)
            details.Add($"{node.QualLabel}: {Deparse(node.Qual)}");
        if (ins is { RowsRemoved: > 0 } && node.QualLabel == "Filter")
            details.Add($"Rows Removed by Filter: {ins.RowsRemoved}");
        if (ins?.Detail != null)
            details.Add(ins.Detail);
        foreach (var d in details)
            lines.Add(detailPad + d);
        var subs = new List<SubPlan>();
        CollectSubPlans(node, subs);
        foreach (var sp in subs)
        {
            int n = Number(sp);
            string name = sp.Correlated ? $"SubPlan {n}" : $"InitPlan {n} (returns ${n - 1})";
            lines.Add(new string(' ', 6 * depth + 2) + name);
            Walk(sp.Plan, depth + 1, lines);
        }
        foreach (var c in node.Children)
            Walk(c, depth + 1, lines);
    }

    static void CollectSubPlans(PlanNode node, List<SubPlan> into)
    {
        void Visit(BoundExpr? e)
        {
            if (e == null)
                return;
            if (e.Kind == BoundKind.SubPlan && e.Payload is SubPlan sp && !into.Contains(sp))
                into.Add(sp);
            foreach (var a in e.Args)
                Visit(a);
            if (e.Payload is SubPlan s)
                Visit(s.Lhs);
        }
        Visit(node.Qual);
        if (node.Projection != null)
            foreach (var p in node.Projection)
                Visit(p);
        if (node is NestLoopNode nl)
            Visit(nl.JoinQual);
    }

    /// <summary>SQL text of an expression, parenthesized as ruleutils.c prints it.</summary>
    public string Deparse(BoundExpr e)
    {
        switch (e.Kind)
        {
            case BoundKind.Const:
                return Constant(e.Value);
            case BoundKind.Param:
                return "$" + (e.Index + 1).ToString(CultureInfo.InvariantCulture);
            case BoundKind.Column:
            case BoundKind.OuterParam:
                if (e.Name == null)
                    return "?column?";
                if (e.Qualifier == null || !Qualify)
                    return e.Name;
                return FunctionCatalog.QuoteIdent(e.Qualifier) + "." + e.Name;
            case BoundKind.And:
            case BoundKind.Or:
                return "(" + string.Join(e.Kind == BoundKind.And ? " AND " : " OR ", e.Args.Select(a => Deparse(a))) + ")";
            case BoundKind.Not:
                return "(NOT " + Deparse(e.Args[0]) + ")";
            case BoundKind.NullTest:
                return "(" + Deparse(e.Args[0]) + (e.Flag ? " IS NOT NULL)" : " IS NULL)");
            case BoundKind.BoolTest:
                return "(" + Deparse(e.Args[0]) + " IS " + ((Sql.Nodes.BoolTestType)e.Index switch
                {
                    Sql.Nodes.BoolTestType.IsTrue => "TRUE",
                    Sql.Nodes.BoolTestType.IsNotTrue => "NOT TRUE",
                    Sql.Nodes.BoolTestType.IsFalse => "FALSE",
                    Sql.Nodes.BoolTestType.IsNotFalse => "NOT FALSE",
                    Sql.Nodes.BoolTestType.IsUnknown => "UNKNOWN",
                    _ => "NOT UNKNOWN",
                }) + ")";
            case BoundKind.Case:
            {
                var sb = new StringBuilder("CASE");
                int n = e.Args.Length - 1;
                for (int i = 0; i + 1 < n; i += 2)
                    sb.Append(" WHEN ").Append(Deparse(e.Args[i])).Append(" THEN ").Append(Deparse(e.Args[i + 1]));
                sb.Append(" ELSE ").Append(Deparse(e.Args[n])).Append(" END");
                return sb.ToString();
            }
            case BoundKind.Coalesce:
                return "COALESCE(" + string.Join(", ", e.Args.Select(a => Deparse(a))) + ")";
            case BoundKind.MinMax:
                return (e.Flag ? "LEAST(" : "GREATEST(") + string.Join(", ", e.Args.Select(a => Deparse(a))) + ")";
            case BoundKind.NullIf:
                return "NULLIF(" + Deparse(e.Args[0]) + ", " + Deparse(e.Args[1]) + ")";
            case BoundKind.InList:
                return "(" + string.Join(e.Flag ? " AND " : " OR ", e.Args.Skip(1).Select(a => Deparse(a))) + ")";
            case BoundKind.Distinct:
                return "(" + Deparse(e.Args[0]) + (e.Flag ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ")
                    + Deparse(e.Args[1]) + ")";
            case BoundKind.SubPlan:
            {
                var sp = (SubPlan)e.Payload!;
                int n = Number(sp);
                string text = sp.Correlated ? $"(SubPlan {n})"
                    : sp.Type == Sql.Nodes.SubLinkType.Exists ? $"(InitPlan {n})" : $"${n - 1}";
                if (sp.Type == Sql.Nodes.SubLinkType.Array && sp.Correlated)
                    text = $"ARRAY(SubPlan {n})";
                return sp.Lhs != null ? $"({Deparse(sp.Lhs)} = ANY {text})" : text;
            }
            case BoundKind.Func:
                return DeparseCall(e);
            default:
                return e.Name ?? "?";
        }
    }

    string DeparseCall(BoundExpr e)
    {
        string name = e.Name ?? "?";
        if (name.StartsWith("::", StringComparison.Ordinal))
        {
            var arg = e.Args[0];
            string inner = Deparse(arg);
            if (arg.Kind is BoundKind.Column or BoundKind.Func && !inner.StartsWith('('))
                inner = "(" + inner + ")";
            return inner + name;
        }
        bool isOp = name.Length > 0 && !char.IsLetter(name[0]) && name[0] != '_';
        if (isOp)
        {
            if (e.Args.Length == 1)
                return "(" + name + " " + Deparse(e.Args[0]) + ")";
            return "(" + Deparse(e.Args[0]) + " " + name + " " + Deparse(e.Args[1]) + ")";
        }
        return name + "(" + string.Join(", ", e.Args.Select(a => Deparse(a))) + ")";
    }

    string Constant(in Datum v)
    {
        if (v.IsNull)
            return "NULL";
        string text = TypeIO.ToText(v, Output);
        switch (v.Type)
        {
            case TypeOid.Int4:
                return v.Int < 0 ? $"'{text}'::integer" : text;
            case TypeOid.Numeric:
                return text.StartsWith('-') || text is "NaN" or "Infinity" ? $"'{text}'::numeric" : text;
            case TypeOid.Bool:
                return text == "t" ? "true" : "false";
            case TypeOid.Unknown:
                return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
            default:
                return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'::" + TypeNames.Display(v.Type);
        }
    }
}
