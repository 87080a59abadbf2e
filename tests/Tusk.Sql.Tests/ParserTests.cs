// Parser: statement forms, precedence, node shapes and syntax error positions (checked against PostgreSQL 15).
using Tusk.Common.Errors;
using Tusk.Sql.Nodes;
using Tusk.Sql.Parser;
using Xunit;

namespace Tusk.Sql.Tests;

public class ParserTests
{
    static Node One(string sql)
    {
        var list = RawParser.Parse(sql);
        Assert.Single(list);
        return list[0].Stmt;
    }

    static Node Expr(string sql) => ((SelectStmt)One("select " + sql)).TargetList[0].Val;

    static PgException Fails(string sql) => Assert.Throws<PgException>(() => RawParser.Parse(sql));

    /// <summary>Fully parenthesised rendering of an expression to check precedence.</summary>
    static string Show(Node n) => n switch
    {
        A_Const c => c.Kind == ConstKind.Null ? "NULL" : c.Text!,
        ColumnRef c => string.Join('.', c.Fields),
        ParamRef p => "$" + p.Number,
        A_Expr { Kind: A_ExprKind.Op, Lexpr: null } a => $"({a.Name} {Show(a.Rexpr!)})",
        A_Expr { Kind: A_ExprKind.Op } a => $"({Show(a.Lexpr!)} {a.Name} {Show(a.Rexpr!)})",
        A_Expr { Kind: A_ExprKind.In } a => $"({Show(a.Lexpr!)} IN{a.Name} [{string.Join(",", a.RightList!.Select(Show))}])",
        A_Expr { RightList: not null } a => $"({Show(a.Lexpr!)} {a.Name} {string.Join(" AND ", a.RightList.Select(Show))})",
        A_Expr a => $"({Show(a.Lexpr!)} {a.Kind}:{a.Name} {Show(a.Rexpr!)})",
        BoolExpr b when b.Type == BoolExprType.Not => $"(NOT {Show(b.Args[0])})",
        BoolExpr b => "(" + string.Join($" {b.Type.ToString().ToUpperInvariant()} ", b.Args.Select(Show)) + ")",
        NullTest t => $"({Show(t.Arg)} IS{(t.IsNot ? " NOT" : "")} NULL)",
        BooleanTest t => $"({Show(t.Arg)} {t.TestType})",
        TypeCast t => $"({Show(t.Arg)}::{string.Join('.', t.TypeName.Names)})",
        FuncCall f => $"{string.Join('.', f.Name)}({(f.AggStar ? "*" : string.Join(",", f.Args.Select(Show)))})",
        _ => n.GetType().Name,
    };

    [Theory]
    [InlineData("1 + 2 * 3", "(1 + (2 * 3))")]
    [InlineData("(1 + 2) * 3", "((1 + 2) * 3)")]
    [InlineData("1 - 2 - 3", "((1 - 2) - 3)")]
    [InlineData("2 ^ 3 ^ 2", "((2 ^ 3) ^ 2)")]
    [InlineData("-2 ^ 2", "(-2 ^ 2)")]
    [InlineData("- a ^ 2", "((- a) ^ 2)")]
    [InlineData("-a::int", "(- (a::pg_catalog.int4))")]
    [InlineData("a + b < c * d", "((a + b) < (c * d))")]
    [InlineData("a = b or c and not d", "((a = b) OR (c AND (NOT d)))")]
    [InlineData("not a = b", "(NOT (a = b))")]
    [InlineData("a and b and c", "(a AND b AND c)")]
    [InlineData("a is null and b is not null", "((a IS NULL) AND (b IS NOT NULL))")]
    [InlineData("a < b is true", "((a < b) IsTrue)")]
    [InlineData("a || b || c", "((a || b) || c)")]
    [InlineData("a || b = c", "((a || b) = c)")]
    [InlineData("a between 1 and 2 and b", "((a BETWEEN 1 AND 2) AND b)")]
    [InlineData("a not between 1 + 1 and 5", "(a NOT BETWEEN (1 + 1) AND 5)")]
    [InlineData("a in (1, 2)", "(a IN= [1,2])")]
    [InlineData("a not in (1)", "(a IN<> [1])")]
    [InlineData("a like 'x%' escape '!'", "(a Like:~~ pg_catalog.like_escape(x%,!))")]
    [InlineData("a not ilike b", "(a ILike:!~~* b)")]
    [InlineData("a is distinct from b", "(a Distinct:= b)")]
    [InlineData("a isnull", "(a IS NULL)")]
    [InlineData("@ a + b", "(@ (a + b))")]
    [InlineData("$1 + 1", "($1 + 1)")]
    [InlineData("'1'::int::text", "(('1'::pg_catalog.int4)::text)")]
    [InlineData("t.a.b", "t.a.b")]
    [InlineData("count(*)", "count(*)")]
    [InlineData("pg_catalog.now()", "pg_catalog.now()")]
    [InlineData("a ~ b + c", "(a ~ (b + c))")]
    [InlineData("a ~ b = c", "((a ~ b) = c)")]
    public void Precedence(string expr, string expected)
    {
        Assert.Equal(expected.Replace("'1'", "1", StringComparison.Ordinal), Show(Expr(expr)));
    }

    [Fact]
    public void Negative_literal_is_folded()
    {
        var c = Assert.IsType<A_Const>(Expr("-2147483648"));
        Assert.Equal(ConstKind.Integer, c.Kind);
        Assert.Equal("-2147483648", c.Text);
        Assert.Equal(7, c.Location);
        Assert.Equal(ConstKind.Float, Assert.IsType<A_Const>(Expr("-1.5")).Kind);
    }

    [Fact]
    public void Casts_and_typed_literals()
    {
        var t = Assert.IsType<TypeCast>(Expr("CAST(x AS double precision)"));
        Assert.Equal(["pg_catalog", "float8"], t.TypeName.Names);
        t = Assert.IsType<TypeCast>(Expr("timestamptz '2020-01-01'"));
        Assert.Equal(["timestamptz"], t.TypeName.Names);
        Assert.Equal("2020-01-01", ((A_Const)t.Arg).Text);
        t = Assert.IsType<TypeCast>(Expr("interval '1 day'"));
        Assert.Equal("interval", t.TypeName.LastName);
        t = Assert.IsType<TypeCast>(Expr("x::character varying(10)"));
        Assert.Equal("varchar", t.TypeName.LastName);
        Assert.Single(t.TypeName.Typmods);
        t = Assert.IsType<TypeCast>(Expr("x::timestamp with time zone"));
        Assert.Equal("timestamptz", t.TypeName.LastName);
        t = Assert.IsType<TypeCast>(Expr("x::int[]"));
        Assert.Single(t.TypeName.ArrayBounds);
    }

    [Fact]
    public void Special_expression_forms()
    {
        Assert.IsType<CaseExpr>(Expr("case when a then 1 else 2 end"));
        Assert.Equal(CoalesceKind.NullIf, Assert.IsType<CoalesceExpr>(Expr("nullif(a, b)")).Kind);
        Assert.Equal(CoalesceKind.Greatest, Assert.IsType<CoalesceExpr>(Expr("greatest(1, 2, 3)")).Kind);
        var svf = Assert.IsType<SQLValueFunction>(Expr("current_timestamp(3)"));
        Assert.Equal(3, svf.Typmod);
        Assert.Equal(SQLValueFunctionOp.CurrentUser, Assert.IsType<SQLValueFunction>(Expr("current_user")).Op);
        Assert.Equal(SQLValueFunctionOp.User, Assert.IsType<SQLValueFunction>(Expr("user")).Op);
        Assert.Equal("pg_catalog.btrim(x)", Show(Expr("trim(both from x)")));
        Assert.Equal("pg_catalog.substring(s,2,3)", Show(Expr("substring(s from 2 for 3)")));
        Assert.Equal("pg_catalog.position(b,a)", Show(Expr("position(a in b)")));
    }

    [Fact]
    public void Select_clauses()
    {
        var s = Assert.IsType<SelectStmt>(One(
            "SELECT DISTINCT pid, usename AS u, state s FROM pg_catalog.pg_stat_activity a " +
            "WHERE pid <> 1 ORDER BY 1 DESC NULLS LAST, u LIMIT 5 OFFSET 2"));
        Assert.True(s.Distinct);
        Assert.Equal(["pid", "u", "s"], s.TargetList.Select(t => t.Name ?? ((ColumnRef)t.Val).Fields[0]));
        var rv = Assert.IsType<RangeVar>(s.FromClause[0]);
        Assert.Equal(("pg_catalog", "pg_stat_activity", "a"), (rv.Schema, rv.Name, rv.Alias));
        Assert.NotNull(s.WhereClause);
        Assert.True(s.SortClause[0].Desc);
        Assert.False(s.SortClause[0].NullsFirst);
        Assert.Null(s.SortClause[1].NullsFirst);
        Assert.NotNull(s.LimitCount);
        Assert.NotNull(s.LimitOffset);
        var star = Assert.IsType<SelectStmt>(One("select * from pg_stat_activity limit all"));
        Assert.True(((ColumnRef)star.TargetList[0].Val).IsStar);
        Assert.Null(star.LimitCount);
        Assert.Empty(Assert.IsType<SelectStmt>(One("select")).TargetList);
    }

    [Fact]
    public void Multi_statement_split()
    {
        string sql = ";; select 1 ;\n  select 2;;  show all ;";
        var list = RawParser.Parse(sql);
        Assert.Equal(3, list.Count);
        Assert.Equal("select 1", sql.Substring(list[0].Location, list[0].Length));
        Assert.Equal("select 2", sql.Substring(list[1].Location, list[1].Length));
        Assert.Equal("show all", sql.Substring(list[2].Location, list[2].Length));
        Assert.Empty(RawParser.Parse("  -- nothing\n ; ;"));
        Assert.Empty(RawParser.Parse(""));
    }

    static VariableSetStmt Set(string sql) => Assert.IsType<VariableSetStmt>(One(sql));

    [Fact]
    public void Set_forms()
    {
        var s = Set("SET search_path = a, \"B\", 'c d'");
        Assert.Equal((VariableSetKind.Set, "search_path"), (s.Kind, s.Name));
        Assert.Equal(["a", "B", "c d"], s.Args);
        s = Set("set local statement_timeout to 1000");
        Assert.True(s.IsLocal);
        Assert.Equal(["1000"], s.Args);
        s = Set("set session extra_float_digits = -2");
        Assert.False(s.IsLocal);
        Assert.Equal(["-2"], s.Args);
        Assert.Equal(["1.5"], Set("set x.y = 1.5").Args);
        Assert.Equal("x.y", Set("set x.y = 1.5").Name);
        Assert.Equal(["on"], Set("set enable_seqscan = on").Args);
        Assert.Equal(["true"], Set("set enable_seqscan = true").Args);
        s = Set("SET TIME ZONE 'UTC'");
        Assert.Equal(("timezone", "UTC"), (s.Name, s.Args[0]));
        Assert.Equal(VariableSetKind.SetDefault, Set("set time zone local").Kind);
        Assert.Equal(VariableSetKind.SetDefault, Set("set datestyle to default").Kind);
        s = Set("SET NAMES 'UTF8'");
        Assert.Equal(("client_encoding", "UTF8"), (s.Name, s.Args[0]));
        Assert.Equal("search_path", Set("set schema 'x'").Name);
        Assert.Equal("role", Set("set role bob").Name);
        Assert.Equal("session_authorization", Set("set session authorization 'bob'").Name);
        Assert.Equal(VariableSetKind.SetCurrent, Set("set work_mem from current").Kind);
        s = Set("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY");
        Assert.Equal(VariableSetKind.SetMulti, s.Kind);
        Assert.Equal("serializable", s.TransactionOptions!.IsolationLevel);
        Assert.True(s.TransactionOptions.ReadOnly);
        s = Set("set session characteristics as transaction read write");
        Assert.Equal("SESSION CHARACTERISTICS", s.Name);
        Assert.False(s.TransactionOptions!.ReadOnly);
        Assert.Equal(VariableSetKind.ResetAll, Set("reset all").Kind);
        Assert.Equal(("timezone", VariableSetKind.Reset), (Set("reset time zone").Name, Set("reset time zone").Kind));
        Assert.Equal("work_mem", Set("RESET work_mem").Name);
    }

    [Theory]
    [InlineData("show all", "all")]
    [InlineData("SHOW TimeZone", "timezone")]
    [InlineData("show time zone", "timezone")]
    [InlineData("show transaction isolation level", "transaction_isolation")]
    [InlineData("show session authorization", "session_authorization")]
    [InlineData("show my.custom", "my.custom")]
    public void Show_forms(string sql, string name) =>
        Assert.Equal(name, Assert.IsType<VariableShowStmt>(One(sql)).Name);

    [Fact]
    public void Transaction_forms()
    {
        TransactionStmt T(string sql) => Assert.IsType<TransactionStmt>(One(sql));
        var b = T("BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED");
        Assert.Equal(TransactionStmtKind.Begin, b.Kind);
        Assert.Equal("read committed", b.Options.IsolationLevel);
        b = T("start transaction read only, isolation level repeatable read not deferrable");
        Assert.Equal(TransactionStmtKind.Start, b.Kind);
        Assert.Equal(("repeatable read", true, false), (b.Options.IsolationLevel, b.Options.ReadOnly, b.Options.Deferrable));
        Assert.True(T("begin work").Options.IsEmpty);
        Assert.Equal(TransactionStmtKind.Commit, T("end").Kind);
        Assert.True(T("commit and chain").Chain);
        Assert.False(T("commit and no chain").Chain);
        Assert.Equal(TransactionStmtKind.Rollback, T("abort work").Kind);
        Assert.Equal(("sp", TransactionStmtKind.RollbackTo), (T("rollback to savepoint sp").SavepointName, T("rollback to sp").Kind));
        Assert.Equal(TransactionStmtKind.Savepoint, T("savepoint a").Kind);
        Assert.Equal(TransactionStmtKind.Release, T("release a").Kind);
        Assert.Equal("g1", T("prepare transaction 'g1'").Gid);
        Assert.Equal(TransactionStmtKind.CommitPrepared, T("commit prepared 'g1'").Kind);
        Assert.Equal(TransactionStmtKind.RollbackPrepared, T("rollback prepared 'g1'").Kind);
    }

    [Theory]
    [InlineData("discard all", DiscardTarget.All)]
    [InlineData("DISCARD PLANS", DiscardTarget.Plans)]
    [InlineData("discard sequences", DiscardTarget.Sequences)]
    [InlineData("discard temporary", DiscardTarget.Temp)]
    public void Discard_forms(string sql, DiscardTarget target) =>
        Assert.Equal(target, Assert.IsType<DiscardStmt>(One(sql)).Target);

    [Fact]
    public void Checkpoint_takes_no_arguments()
    {
        Assert.IsType<CheckPointStmt>(One("CHECKPOINT"));
        Assert.IsType<CheckPointStmt>(One("checkpoint;"));
        var e = Fails("checkpoint x");
        Assert.Equal(("42601", "syntax error at or near \"x\"", 12), (e.SqlState, e.Message, e.Position));
    }

    [Theory]
    [InlineData("select 1 +;", "syntax error at or near \";\"", 11)]
    [InlineData("select 1 +", "syntax error at end of input", 11)]
    [InlineData("select 1.2.3;", "syntax error at or near \".3\"", 11)]
    [InlineData("select 1 < 2 < 3;", "syntax error at or near \"<\"", 14)]
    [InlineData("select 1 from;", "syntax error at or near \";\"", 14)]
    [InlineData("select 1 day;", "syntax error at or near \"day\"", 10)]
    [InlineData("selec 1", "syntax error at or near \"selec\"", 1)]
    [InlineData("select 1; select (", "syntax error at end of input", 19)]
    [InlineData("select 'a' 'b'", "syntax error at or near \"'b'\"", 12)]
    [InlineData("select a from t where", "syntax error at end of input", 22)]
    public void Syntax_errors(string sql, string message, int position)
    {
        var e = Fails(sql);
        Assert.Equal("42601", e.SqlState);
        Assert.Equal(message, e.Message);
        Assert.Equal(position, e.Position);
    }

    [Theory]
    [InlineData("drop role r")]
    [InlineData("merge into t using s on true when matched then do nothing")]
    public void Unsupported_statements_are_clean_errors(string sql)
    {
        var e = Fails(sql);
        Assert.Contains(e.SqlState, new[] { "0A000", "42601" });
        Assert.True(e.Position > 0);
    }
}
