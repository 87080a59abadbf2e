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
    public bool Qualify { get; set; }

    public OutputContext Output { get; init; } = OutputContext.Default;

    readonly List<SubPlan> _subPlans = [];

    public static string QuoteIdent(string name)
    {
        bool plain = name.Length > 0 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
        return plain ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The plan as EXPLAIN's lines.</summary>
    public List<string> Format(PlanNode root)
    {
        var lines = new List<string>();
        Walk(root, 0, lines, null);
        return lines;
    }

    void Walk(PlanNode node, int depth, List<string> lines, string? label)
    {
        string pad = depth == 0 ? "" : new string(' ', 6 * (depth - 1) + 2) + "->  ";
        string detailPad = new string(' ', depth == 0 ? 2 : 6 * depth + 2);
        if (label != null)
        {
            lines.Add(new string(' ', depth == 0 ? 0 : 6 * (depth - 1) + 2) + label);
        }
        var sb = new StringBuilder(pad);
        sb.Append(node.NodeName).Append(node.Target);
        if (Costs)
            sb.Append(CultureInfo.InvariantCulture,
                $"  (cost={node.StartupCost:F2}..{node.TotalCost:F2} rows={Math.Max(1, Math.Round(node.PlanRows)):F0} width={node.PlanWidth})");
        if (Analyze)
        {
            var ins = node.Instr;
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
            details.Add($"{node.QualLabel}: {Deparse(node.Qual, top: true)}");
        if (Analyze && node.Qual != null && node.RowsRemoved > 0 && node.QualLabel == "Filter")
            details.Add($"Rows Removed by Filter: {node.RowsRemoved}");
        if (Analyze)
            node.ExplainAnalyzeDetails(details);
        foreach (var d in details)
            lines.Add(detailPad + d);
        var subs = new List<SubPlan>();
        CollectSubPlans(node, subs);
        foreach (var sp in subs)
        {
            sp.Number = _subPlans.Count + 1;
            _subPlans.Add(sp);
            string name = sp.Correlated ? $"SubPlan {sp.Number}" : $"InitPlan {sp.Number} (returns ${sp.Number - 1})";
            lines.Add(new string(' ', 6 * depth + 2) + name);
            Walk(sp.Plan, depth + 1, lines, null);
        }
        foreach (var c in node.Children)
            Walk(c, depth + 1, lines, null);
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

    /// <summary>SQL text of an expression; <paramref name="top"/>: a comparison gets its outer parentheses.</summary>
    public string Deparse(BoundExpr e, bool top = false)
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
                return QuoteIdent(e.Qualifier) + "." + e.Name;
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
                if (sp.Number == 0)
                {
                    sp.Number = _subPlans.Count + 1;
                    _subPlans.Add(sp);
                }
                string text = sp.Correlated ? $"(SubPlan {sp.Number})" : $"${sp.Number - 1}";
                if (sp.Type == Sql.Nodes.SubLinkType.Exists && !sp.Correlated)
                    text = $"(InitPlan {sp.Number})";
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
