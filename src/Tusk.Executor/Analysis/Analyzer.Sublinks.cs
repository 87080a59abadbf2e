// Sub-SELECTs inside expressions (parse_expr.c transformSubLink + subselect.c make_subplan): the subquery is
// analysed by a child Analyzer that may read this query's columns (they become the SubPlan's Args, passed as
// outer values); EXISTS is boolean, a scalar subquery has its single column's type, ARRAY(SELECT y) the array type
// of y's, and x op ANY/ALL (SELECT y)
// binds the comparison over the row [x, y]. Errors as PostgreSQL: 42601 "subquery must return only one column",
// 42601 "subquery has too many columns".
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;
using Tusk.Executor.Nodes;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Analysis;

internal sealed partial class Analyzer
{
    BoundExpr BindSubLink(SubLink link)
    {
        var child = new Analyzer(this, sublink: true);
        var (root, cols) = child.PlanQuery(link.Subselect);
        bool correlated = child._outerRefs.Count > 0;
        var args = child._outerRefs.ToArray();
        switch (link.Type)
        {
            case SubLinkType.Exists:
                return new BoundExpr { Kind = BoundKind.SubPlan, Type = TypeOid.Bool, Args = args,
                    Payload = new SubPlan(SubLinkType.Exists, root, correlated), Location = link.Location };
            case SubLinkType.Expr:
                if (cols.Length != 1)
                    Throw.Error(SqlState.SyntaxError, "subquery must return only one column",
                        position: link.Location + 1);
                return new BoundExpr { Kind = BoundKind.SubPlan, Type = cols[0].TypeOid, TypeMod = cols[0].TypeMod,
                    Args = args, Payload = new SubPlan(SubLinkType.Expr, root, correlated), Location = link.Location };
            case SubLinkType.Any:
            case SubLinkType.All:
            {
                if (link.TestExpr is RowExpr row)
                    return BindRowSubLink(link, row, cols, root, correlated, args);
                if (cols.Length > 1)
                    Throw.Error(SqlState.SyntaxError, "subquery has too many columns", position: link.Location + 1);
                var lhs = Bind(link.TestExpr!);
                if (lhs.Type == TypeOid.Unknown)
                    lhs = Coerce(lhs, cols[0].TypeOid == TypeOid.Unknown ? TypeOid.Text : cols[0].TypeOid, -1, false,
                        link.TestExpr!.Location);
                // The comparison reads the left value as column 0 and the subquery's value as column 1.
                var l = new BoundExpr { Kind = BoundKind.Column, Index = 0, Type = lhs.Type, TypeMod = lhs.TypeMod,
                    Name = "lhs" };
                var r = new BoundExpr { Kind = BoundKind.Column, Index = 1, Type = cols[0].TypeOid,
                    TypeMod = cols[0].TypeMod, Name = "sub" };
                var test = MakeOp(link.OperName!, l, r, link.Location);
                if (test.Type != TypeOid.Bool)
                    Throw.Error(SqlState.DatatypeMismatch,
                        $"row comparison operator must yield type boolean, not type {TypeNames.Display(test.Type)}",
                        position: link.Location + 1);
                return new BoundExpr { Kind = BoundKind.SubPlan, Type = TypeOid.Bool, Args = args,
                    Payload = new SubPlan(link.Type, root, correlated) { Lhs = lhs, Test = test },
                    Location = link.Location };
            }
            case SubLinkType.Array:
            {
                if (cols.Length != 1)
                    Throw.Error(SqlState.SyntaxError, "subquery must return only one column",
                        position: link.Location + 1);
                uint elem = cols[0].TypeOid == TypeOid.Unknown ? TypeOid.Text : cols[0].TypeOid;
                if (ArrayTypes.ElementOf(elem) != 0)
                    Throw.Error(SqlState.FeatureNotSupported, "ARRAY(subquery) over arrays is not supported yet",
                        position: link.Location + 1);
                uint array = ArrayTypes.ArrayOf(elem);
                if (array == 0)
                    Throw.Error(SqlState.UndefinedObject,
                        $"could not find array type for data type {TypeNames.Display(elem)}", position: link.Location + 1);
                return new BoundExpr { Kind = BoundKind.SubPlan, Type = array, Args = args,
                    Payload = new SubPlan(SubLinkType.Array, root, correlated), Location = link.Location };
            }
            default:
                return Throw.Error<BoundExpr>(SqlState.FeatureNotSupported, $"{link.Type} sublinks are not supported yet",
                    position: link.Location + 1);
        }
    }

    /// <summary>
    /// (a, b) op ANY/ALL (SELECT x, y ...), IN and NOT IN included: the columns compared pairwise, combined with AND
    /// for = and with OR for &lt;&gt; (PostgreSQL's row comparison); other operators need ordered row comparison.
    /// </summary>
    BoundExpr BindRowSubLink(SubLink link, RowExpr row, ResultColumn[] cols, PlanNode root, bool correlated,
        BoundExpr[] args)
    {
        int n = row.Args.Count;
        if (cols.Length > n)
            Throw.Error(SqlState.SyntaxError, "subquery has too many columns", position: link.Location + 1);
        if (cols.Length < n)
            Throw.Error(SqlState.SyntaxError, "subquery has too few columns", position: link.Location + 1);
        if (link.OperName is not ("=" or "<>"))
            Throw.Error(SqlState.FeatureNotSupported,
                $"row comparison with a subquery using operator {link.OperName} is not supported yet",
                position: link.Location + 1);
        var items = new BoundExpr[n];
        var tests = new BoundExpr[n];
        for (int i = 0; i < n; i++)
        {
            var item = Bind(row.Args[i]);
            if (item.Type == TypeOid.Unknown)
                item = Coerce(item, cols[i].TypeOid == TypeOid.Unknown ? TypeOid.Text : cols[i].TypeOid, -1, false,
                    row.Args[i].Location);
            items[i] = item;
            var l = new BoundExpr { Kind = BoundKind.Column, Index = i, Type = item.Type, TypeMod = item.TypeMod,
                Name = "lhs" };
            var r = new BoundExpr { Kind = BoundKind.Column, Index = n + i, Type = cols[i].TypeOid,
                TypeMod = cols[i].TypeMod, Name = "sub" };
            tests[i] = MakeOp(link.OperName, l, r, link.Location);
            if (tests[i].Type != TypeOid.Bool)
                Throw.Error(SqlState.DatatypeMismatch,
                    $"row comparison operator must yield type boolean, not type {TypeNames.Display(tests[i].Type)}",
                    position: link.Location + 1);
        }
        var test = new BoundExpr { Kind = link.OperName == "=" ? BoundKind.And : BoundKind.Or, Type = TypeOid.Bool,
            Args = tests };
        var lhs = BoundExpr.Call(static (a, _) => a[0], TypeOid.Record, items, strict: false, link.Location, "ROW");
        return new BoundExpr { Kind = BoundKind.SubPlan, Type = TypeOid.Bool, Args = args,
            Payload = new SubPlan(link.Type, root, correlated) { Lhs = lhs, Test = test, Width = n },
            Location = link.Location };
    }
}
