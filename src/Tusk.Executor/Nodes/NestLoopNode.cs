// Nested Loop: joins two inputs by testing every pair. Output rows are always [left columns..., right
// columns...]. The side that is rescanned is read once and kept in memory for the run (PostgreSQL would add a
// Materialize node). INNER and CROSS joins emit matching pairs; LEFT adds unmatched left rows with NULLs on the
// right; RIGHT loops over the right side instead; FULL also emits the unmatched right rows at the end. JoinQual
// ("Join Filter") decides a match; the base Qual filters the joined rows afterwards (WHERE).
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Nodes;

/// <summary>A nested-loop join.</summary>
internal sealed class NestLoopNode : PlanNode
{
    readonly JoinType _type;
    readonly int _leftWidth;
    readonly int _rightWidth;
    readonly uint[] _inputTypes;

    public NestLoopNode(PlanNode left, PlanNode right, JoinType type, BoundExpr? joinQual)
    {
        Children = [left, right];
        _type = type;
        JoinQual = joinQual;
        _leftWidth = left.OutputTypes.Length;
        _rightWidth = right.OutputTypes.Length;
        _inputTypes = [.. left.OutputTypes, .. right.OutputTypes];
        OutputTypes = _inputTypes;
    }

    public BoundExpr? JoinQual { get; }

    public override string NodeName => _type switch
    {
        JoinType.Inner => "Nested Loop",
        JoinType.Left => "Nested Loop Left Join",
        JoinType.Right => "Nested Loop Left Join",
        _ => "Nested Loop Full Join",
    };

    public override void ExplainDetails(ExplainContext ctx, List<string> lines)
    {
        if (JoinQual != null)
            lines.Add("Join Filter: " + ctx.Deparse(JoinQual));
    }

    Datum[] Combine(Datum[]? left, Datum[]? right)
    {
        var row = new Datum[_leftWidth + _rightWidth];
        if (left != null)
            Array.Copy(left, row, _leftWidth);
        else
            for (int i = 0; i < _leftWidth; i++)
                row[i] = Datum.Null(_inputTypes[i]);
        if (right != null)
            Array.Copy(right, 0, row, _leftWidth, _rightWidth);
        else
            for (int i = 0; i < _rightWidth; i++)
                row[_leftWidth + i] = Datum.Null(_inputTypes[_leftWidth + i]);
        return row;
    }

    protected override IEnumerable<Datum[]> Produce(ExecState es)
    {
        var ec = es.NewEval();
        bool swap = _type == JoinType.Right;
        var outerNode = swap ? Children[1] : Children[0];
        var innerNode = swap ? Children[0] : Children[1];
        List<Datum[]>? inner = null;
        bool[]? innerMatched = null;
        foreach (var o in outerNode.Exec(es))
        {
            if (inner == null)
            {
                inner = [.. innerNode.Exec(es)];
                if (_type == JoinType.Full)
                    innerMatched = new bool[inner.Count];
            }
            bool matched = false;
            for (int i = 0; i < inner.Count; i++)
            {
                var row = swap ? Combine(inner[i], o) : Combine(o, inner[i]);
                if (JoinQual != null)
                {
                    ec.Row = row;
                    var ok = JoinQual.Eval(ec);
                    if (ok.IsNull || !ok.Bool)
                        continue;
                }
                matched = true;
                if (innerMatched != null)
                    innerMatched[i] = true;
                yield return row;
            }
            if (!matched && _type != JoinType.Inner)
                yield return swap ? Combine(null, o) : Combine(o, null);
            es.Session.CheckForInterrupts();
        }
        if (_type != JoinType.Full)
            yield break;
        inner ??= [.. innerNode.Exec(es)];
        for (int i = 0; i < inner.Count; i++)
            if (innerMatched == null || !innerMatched[i])
                yield return Combine(null, inner[i]);
    }
}
