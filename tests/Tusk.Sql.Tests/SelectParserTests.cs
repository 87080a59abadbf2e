// Parser: the query forms of SELECT — set operations and their precedence, JOIN trees, FROM subqueries and
// functions with column aliases, sub-SELECTs in expressions, DISTINCT ON, WITH, VALUES and TABLE.
using Tusk.Common.Errors;
using Tusk.Sql.Nodes;
using Tusk.Sql.Parser;
using Xunit;

namespace Tusk.Sql.Tests;

public class SelectParserTests
{
    static SelectStmt Select(string sql) => Assert.IsType<SelectStmt>(Assert.Single(RawParser.Parse(sql)).Stmt);

    [Fact]
    public void Intersect_binds_tighter_than_union()
    {
        var s = Select("select 1 union all select 2 intersect select 3 order by 1 limit 1");
        Assert.Equal(SetOperation.Union, s.Op);
        Assert.True(s.All);
        Assert.Equal(SetOperation.Intersect, s.Rarg!.Op);
        Assert.Single(s.SortClause);
        Assert.NotNull(s.LimitCount);
        var left = Select("select 1 except select 2 union select 3");
        Assert.Equal(SetOperation.Union, left.Op);
        Assert.Equal(SetOperation.Except, left.Larg!.Op);
    }

    [Fact]
    public void Join_trees_are_left_deep()
    {
        var s = Select("select * from a join b using (x) left join c on b.y = c.y cross join d natural full join e");
        var top = Assert.IsType<JoinExpr>(Assert.Single(s.FromClause));
        Assert.True(top.IsNatural);
        Assert.Equal(JoinType.Full, top.JoinType);
        var cross = Assert.IsType<JoinExpr>(top.Larg);
        Assert.Null(cross.Quals);
        var left = Assert.IsType<JoinExpr>(cross.Larg);
        Assert.Equal(JoinType.Left, left.JoinType);
        Assert.NotNull(left.Quals);
        var first = Assert.IsType<JoinExpr>(left.Larg);
        Assert.Equal(["x"], first.UsingClause!);
    }

    [Fact]
    public void From_subqueries_functions_and_column_aliases()
    {
        var s = Select("select * from (select 1) as s(a), generate_series(1, 3) with ordinality g(n, o), t x(p, q)");
        var sub = Assert.IsType<RangeSubselect>(s.FromClause[0]);
        Assert.Equal("s", sub.Alias);
        Assert.Equal(["a"], sub.ColNames);
        var fn = Assert.IsType<RangeFunction>(s.FromClause[1]);
        Assert.True(fn.Ordinality);
        Assert.Equal(["n", "o"], fn.ColNames);
        var rv = Assert.IsType<RangeVar>(s.FromClause[2]);
        Assert.Equal(["p", "q"], rv.ColNames);
        var e = Assert.Throws<PgException>(() => RawParser.Parse("select * from (select 1)"));
        Assert.Equal("subquery in FROM must have an alias", e.Message);
    }

    [Fact]
    public void Sublinks()
    {
        var s = Select("select (select 1), exists (select 1) from t where a in (select b from u) " +
            "and a not in (select c from v) and a > all (select d from w) and a = any (x)");
        Assert.Equal(SubLinkType.Expr, Assert.IsType<SubLink>(s.TargetList[0].Val).Type);
        Assert.Equal(SubLinkType.Exists, Assert.IsType<SubLink>(s.TargetList[1].Val).Type);
        var and = Assert.IsType<BoolExpr>(s.WhereClause);
        Assert.Equal(SubLinkType.Any, Assert.IsType<SubLink>(and.Args[0]).Type);
        Assert.Equal(BoolExprType.Not, Assert.IsType<BoolExpr>(and.Args[1]).Type);
        var all = Assert.IsType<SubLink>(and.Args[2]);
        Assert.Equal((SubLinkType.All, ">"), (all.Type, all.OperName));
        Assert.Equal(A_ExprKind.OpAny, Assert.IsType<A_Expr>(and.Args[3]).Kind);
    }

    [Fact]
    public void Distinct_on_with_values_and_table()
    {
        var s = Select("with q(x) as (select 1), r as materialized (values (2)) select distinct on (x, 1) x from q");
        Assert.Equal(2, s.WithClause.Count);
        Assert.Equal(["x"], s.WithClause[0].ColNames);
        Assert.Equal(2, s.DistinctOn.Count);
        Assert.Equal(2, Select("values (1, 2), (3, 4) order by 1").ValuesLists.Count);
        var t = Select("table pg_class");
        Assert.Equal("pg_class", Assert.IsType<RangeVar>(Assert.Single(t.FromClause)).Name);
    }
}
