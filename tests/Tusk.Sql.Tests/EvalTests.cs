// Planning and evaluation: result names and types, operators, functions, casts, NULL logic, errors with
// SQLSTATEs and positions, parameters, and SELECT over a fake pg_stat_activity.
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor;
using Tusk.Sql.Nodes;
using Tusk.Sql.Parser;
using Xunit;

namespace Tusk.Sql.Tests;

public class EvalTests
{
    readonly FakeSession _s = new();

    PreparedQuery Plan(string sql, params uint[] paramTypes) =>
        Planner.PlanSelect((SelectStmt)RawParser.Parse(sql)[0].Stmt, paramTypes, _s);

    List<string?[]> Rows(string sql, Datum[]? args = null, uint[]? types = null)
    {
        var q = Plan(sql, types ?? []);
        return q.Execute(args ?? [], _s)
            .Select(r => r.Select(d => d.IsNull ? null : TypeIO.ToText(d, _s.Output)).ToArray()).ToList();
    }

    static string J(IEnumerable<string?> row) => string.Join("|", row.Select(v => v ?? "NULL"));

    string? Val(string expr) => Rows("select " + expr)[0][0];

    uint TypeOf(string expr) => Plan("select " + expr).Columns[0].TypeOid;

    PgException Fails(string sql, Datum[]? args = null) =>
        Assert.Throws<PgException>(() => Rows(sql, args));

    [Theory]
    [InlineData("1", "1", TypeOid.Int4)]
    [InlineData("2147483648", "2147483648", TypeOid.Int8)]
    [InlineData("-2147483648", "-2147483648", TypeOid.Int4)]
    [InlineData("9223372036854775808", "9223372036854775808", TypeOid.Numeric)]
    [InlineData("1.50", "1.50", TypeOid.Numeric)]
    [InlineData("1e3", "1000", TypeOid.Numeric)]
    [InlineData("'a' || 'b'", "ab", TypeOid.Text)]
    [InlineData("'x'", "x", TypeOid.Text)]
    [InlineData("null", null, TypeOid.Text)]
    [InlineData("true", "t", TypeOid.Bool)]
    [InlineData("1 + 2 * 3", "7", TypeOid.Int4)]
    [InlineData("7 / 2", "3", TypeOid.Int4)]
    [InlineData("-7 % 3", "-1", TypeOid.Int4)]
    [InlineData("1/3.0", "0.33333333333333333333", TypeOid.Numeric)]
    [InlineData("1/2.0", "0.50000000000000000000", TypeOid.Numeric)]
    [InlineData("1.5 * 2.25", "3.375", TypeOid.Numeric)]
    [InlineData("2 ^ 3", "8", TypeOid.Float8)]
    [InlineData("1 + 1.5", "2.5", TypeOid.Numeric)]
    [InlineData("1::int2 + 1", "2", TypeOid.Int4)]
    [InlineData("1::int8 * 3", "3", TypeOid.Int8)]
    [InlineData("0.5::float8 + 1", "1.5", TypeOid.Float8)]
    [InlineData("'1'::int", "1", TypeOid.Int4)]
    [InlineData("1::float", "1", TypeOid.Float8)]
    [InlineData("2.5::int", "3", TypeOid.Int4)]
    [InlineData("-2.5::int", "-3", TypeOid.Int4)]
    [InlineData("2.5::float8::int", "2", TypeOid.Int4)]
    [InlineData("3.5::float8::int", "4", TypeOid.Int4)]
    [InlineData("true::text", "true", TypeOid.Text)]
    [InlineData("'yes'::bool", "t", TypeOid.Bool)]
    [InlineData("1::bool", "t", TypeOid.Bool)]
    [InlineData("'abcdef'::varchar(3)", "abc", TypeOid.Varchar)]
    [InlineData("'ab'::char(4) || '|'", "ab|", TypeOid.Text)]
    [InlineData("1.2345::numeric(5,2)", "1.23", TypeOid.Numeric)]
    [InlineData("'a' || 1", "a1", TypeOid.Text)]
    [InlineData("1 || 'a'", "1a", TypeOid.Text)]
    [InlineData("'a' || null", null, TypeOid.Text)]
    [InlineData("'a' || true", "atrue", TypeOid.Text)]
    [InlineData("1 = 1", "t", TypeOid.Bool)]
    [InlineData("1 <> 1.0", "f", TypeOid.Bool)]
    [InlineData("1 != 2", "t", TypeOid.Bool)]
    [InlineData("'abc' < 'abd'", "t", TypeOid.Bool)]
    [InlineData("2 > '1'", "t", TypeOid.Bool)]
    [InlineData("now() = current_timestamp", "t", TypeOid.Bool)]
    [InlineData("null = 1", null, TypeOid.Bool)]
    [InlineData("true and null", null, TypeOid.Bool)]
    [InlineData("false and null", "f", TypeOid.Bool)]
    [InlineData("true or null", "t", TypeOid.Bool)]
    [InlineData("not null::bool", null, TypeOid.Bool)]
    [InlineData("null is null", "t", TypeOid.Bool)]
    [InlineData("1 is not null", "t", TypeOid.Bool)]
    [InlineData("null::bool is not true", "t", TypeOid.Bool)]
    [InlineData("null::bool is unknown", "t", TypeOid.Bool)]
    [InlineData("false is false", "t", TypeOid.Bool)]
    [InlineData("case when 1 > 2 then 'a' when 2 > 1 then 'b' end", "b", TypeOid.Text)]
    [InlineData("case 2 when 1 then 10 when 2 then 20 else 30 end", "20", TypeOid.Int4)]
    [InlineData("case when false then 1 end", null, TypeOid.Int4)]
    [InlineData("case when true then 1 else 2.5 end", "1", TypeOid.Numeric)]
    [InlineData("coalesce(null, 2, 3)", "2", TypeOid.Int4)]
    [InlineData("coalesce(null, 'x')", "x", TypeOid.Text)]
    [InlineData("nullif(1, 1)", null, TypeOid.Int4)]
    [InlineData("nullif(1, 2)", "1", TypeOid.Int4)]
    [InlineData("greatest(1, 5, 3)", "5", TypeOid.Int4)]
    [InlineData("least(2, 1.5, null)", "1.5", TypeOid.Numeric)]
    [InlineData("2 in (1, 2, 3)", "t", TypeOid.Bool)]
    [InlineData("4 in (1, null)", null, TypeOid.Bool)]
    [InlineData("4 not in (1, 2)", "t", TypeOid.Bool)]
    [InlineData("1 not in (1, null)", "f", TypeOid.Bool)]
    [InlineData("'b' in ('a', 'b')", "t", TypeOid.Bool)]
    [InlineData("5 between 1 and 10", "t", TypeOid.Bool)]
    [InlineData("5 not between 1 and 4", "t", TypeOid.Bool)]
    [InlineData("5 between symmetric 10 and 1", "t", TypeOid.Bool)]
    [InlineData("'x' like 'X'", "f", TypeOid.Bool)]
    [InlineData("'x' ilike 'X'", "t", TypeOid.Bool)]
    [InlineData("'a_c' like 'a\\_c'", "t", TypeOid.Bool)]
    [InlineData("'abc' like 'a%'", "t", TypeOid.Bool)]
    [InlineData("'abc' like '_b_'", "t", TypeOid.Bool)]
    [InlineData("'abc' not like '%d'", "t", TypeOid.Bool)]
    [InlineData("'a%' like 'a!%' escape '!'", "t", TypeOid.Bool)]
    [InlineData("1 is distinct from null", "t", TypeOid.Bool)]
    [InlineData("null is not distinct from null", "t", TypeOid.Bool)]
    public void Values_and_types(string expr, string? value, uint type)
    {
        Assert.Equal(value, Val(expr));
        Assert.Equal(type, TypeOf(expr));
    }

    [Theory]
    [InlineData("version()", "PostgreSQL 15.0 (Tusk 0.1) on x86_64-pc-linux-gnu, compiled by .NET 10, 64-bit")]
    [InlineData("current_user", "alice")]
    [InlineData("session_user", "alice")]
    [InlineData("user", "alice")]
    [InlineData("current_role", "alice")]
    [InlineData("current_database()", "tuskdb")]
    [InlineData("current_catalog", "tuskdb")]
    [InlineData("current_schema", "public")]
    [InlineData("current_schema()", "public")]
    [InlineData("pg_backend_pid()", "4242")]
    [InlineData("now()", "2024-01-02 03:04:05+00")]
    [InlineData("transaction_timestamp()", "2024-01-02 03:04:05+00")]
    [InlineData("statement_timestamp()", "2024-01-02 03:04:06+00")]
    [InlineData("abs(-5)", "5")]
    [InlineData("abs(-5.5)", "5.5")]
    [InlineData("length('héllo')", "5")]
    [InlineData("char_length('ab')", "2")]
    [InlineData("lower('AbC')", "abc")]
    [InlineData("upper('AbC')", "ABC")]
    [InlineData("substr('hello', 2, 3)", "ell")]
    [InlineData("substring('hello' from 2)", "ello")]
    [InlineData("substring('hello', 0, 2)", "h")]
    [InlineData("concat('a', 1, null, true)", "a1t")]
    [InlineData("repeat('ab', 3)", "ababab")]
    [InlineData("trim('  x  ')", "x")]
    [InlineData("trim(leading 'x' from 'xxaxx')", "axx")]
    [InlineData("position('c' in 'abc')", "3")]
    [InlineData("pi()", "3.141592653589793")]
    [InlineData("round(2.5)", "3")]
    [InlineData("round(2.345, 2)", "2.35")]
    [InlineData("round(2.5::float8)", "2")]
    [InlineData("trunc(2.789, 1)", "2.7")]
    [InlineData("floor(-2.5)", "-3")]
    [InlineData("ceil(2.1)", "3")]
    [InlineData("current_setting('server_version')", "15.0 (Tusk 0.1)")]
    [InlineData("current_setting('no.such', true)", null)]
    [InlineData("pg_typeof(1)", "integer")]
    [InlineData("'2020-01-01 10:00:00+02'::timestamptz", "2020-01-01 08:00:00+00")]
    [InlineData("timestamptz '2020-01-01'", "2020-01-01 00:00:00+00")]
    public void Functions(string expr, string? value) => Assert.Equal(value, Val(expr));

    [Fact]
    public void Random_is_in_range()
    {
        double v = double.Parse(Val("random()")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(v, 0, 1);
    }

    [Fact]
    public void Sleep_and_signals_go_through_the_session()
    {
        Assert.Equal("", Val("pg_sleep(0.5)"));
        Assert.Equal([0.5], _s.Sleeps);
        Assert.Equal(TypeOid.Void, TypeOf("pg_sleep(1)"));
        Assert.Equal("t", Val("pg_cancel_backend(4243)"));
        Assert.Equal("f", Val("pg_terminate_backend(1)"));
        Assert.Equal("f", Val("pg_terminate_backend(1, 100)"));
        Assert.Equal([(4243, false), (1, true), (1, true)], _s.Signals);
    }

    [Fact]
    public void Set_config_changes_settings()
    {
        Assert.Equal("3", Val("set_config('extra_float_digits', '3', false)"));
        Assert.Equal("3", _s.Settings.Show("extra_float_digits"));
    }

    [Theory]
    [InlineData("select 1", "?column?")]
    [InlineData("select 1 as one", "one")]
    [InlineData("select now()", "now")]
    [InlineData("select version()", "version")]
    [InlineData("select pg_backend_pid()", "pg_backend_pid")]
    [InlineData("select '1'::int", "int4")]
    [InlineData("select cast(1 as bigint)", "int8")]
    [InlineData("select 1::text", "text")]
    [InlineData("select current_user", "current_user")]
    [InlineData("select user", "user")]
    [InlineData("select current_timestamp", "current_timestamp")]
    [InlineData("select coalesce(1, 2)", "coalesce")]
    [InlineData("select case when true then 1 end", "case")]
    [InlineData("select pid::text from pg_stat_activity", "pid")]
    [InlineData("select \"Quoted\" from (select 1) x", null)]
    public void Column_names(string sql, string? name)
    {
        if (name == null)
            return;
        Assert.Equal(name, Plan(sql).Columns[0].Name);
    }

    [Theory]
    [InlineData("select 5 / 0", "22012", "division by zero", 0)]
    [InlineData("select 5 % 0", "22012", "division by zero", 0)]
    [InlineData("select 1.0 / 0", "22012", "division by zero", 0)]
    [InlineData("select 1::float8 / 0", "22012", "division by zero", 0)]
    [InlineData("select 2147483647 + 1", "22003", "integer out of range", 0)]
    [InlineData("select (-2147483648) * -1", "22003", "integer out of range", 0)]
    [InlineData("select 9223372036854775807 + 1", "22003", "bigint out of range", 0)]
    [InlineData("select 32767::int2 + 1::int2", "22003", "smallint out of range", 0)]
    [InlineData("select 3000000000::int", "22003", "integer out of range", 0)]
    [InlineData("select 'abc'::int", "22P02", "invalid input syntax for type integer: \"abc\"", 8)]
    [InlineData("select 1 + 'x'", "22P02", "invalid input syntax for type integer: \"x\"", 12)]
    [InlineData("select 'maybe'::bool", "22P02", "invalid input syntax for type boolean: \"maybe\"", 8)]
    [InlineData("select foo(1)", "42883", "function foo(integer) does not exist", 8)]
    [InlineData("select length(123)", "42883", "function length(integer) does not exist", 8)]
    [InlineData("select now(1)", "42883", "function now(integer) does not exist", 8)]
    [InlineData("select 1 = true", "42883", "operator does not exist: integer = boolean", 10)]
    [InlineData("select - true", "42883", "operator does not exist: - boolean", 8)]
    [InlineData("select 1 || 2", "42883", "operator does not exist: integer || integer", 10)]
    [InlineData("select '1' + '2'", "42725", "operator is not unique: unknown + unknown", 12)]
    [InlineData("select x", "42703", "column \"x\" does not exist", 8)]
    [InlineData("select * from nosuch", "42P01", "relation \"nosuch\" does not exist", 15)]
    [InlineData("select *", "42601", "SELECT * with no tables specified is not valid", 8)]
    [InlineData("select 1::nosuchtype", "42704", "type \"nosuchtype\" does not exist", 11)]
    [InlineData("select true::numeric", "42846", "cannot cast type boolean to numeric", 12)]
    [InlineData("select 1 where 1", "42804", "argument of WHERE must be type boolean, not type integer", 16)]
    [InlineData("select 1 and true", "42804", "argument of AND must be type boolean, not type integer", 8)]
    [InlineData("select coalesce(1, true)", "42804", "COALESCE types integer and boolean cannot be matched", 20)]
    [InlineData("select 'abcdef'::varchar(2)::text, 123.45::numeric(3,1)", "22003", "numeric field overflow", 0)]
    [InlineData("select count(*) from pg_stat_activity where count(*) > 1", "42803", "aggregate functions are not allowed in WHERE", 45)]
    [InlineData("select pid, count(*) from pg_stat_activity", "42803", "column \"pg_stat_activity.pid\" must appear in the GROUP BY clause or be used in an aggregate function", 8)]
    [InlineData("select 1 limit -1", "2201W", "LIMIT must not be negative", 0)]
    [InlineData("select $0", "42P02", "there is no parameter $0", 8)]
    [InlineData("select p.pid from pg_stat_activity", "42P01", "missing FROM-clause entry for table \"p\"", 8)]
    [InlineData("select 1 order by 2", "42P10", "ORDER BY position 2 is not in select list", 19)]
    public void Errors(string sql, string state, string message, int position)
    {
        var e = Fails(sql);
        Assert.Equal(state, e.SqlState);
        Assert.Equal(message, e.Message);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void Unknown_function_has_pg_hint() =>
        Assert.Equal("No function matches the given name and argument types. You might need to add explicit type casts.",
            Fails("select foo()").Hint);

    [Fact]
    public void Parameters_are_inferred()
    {
        var q = Plan("select $1 + 1, $2");
        Assert.Equal([TypeOid.Int4, TypeOid.Text], q.ParamTypes);
        Assert.Equal([TypeOid.Int4, TypeOid.Text], q.Columns.Select(c => c.TypeOid));
        var rows = q.Execute([Datum.FromInt4(41), Datum.FromText("x")], _s).ToList();
        Assert.Equal(42, rows[0][0].Int);
        Assert.Equal("x", rows[0][1].Text);
        Assert.Equal([TypeOid.Int8], Plan("select $1::int8").ParamTypes);
        Assert.Equal([TypeOid.Text], Plan("select 'a' || $1").ParamTypes);
        Assert.Equal([TypeOid.Float8], Plan("select pg_sleep($1)").ParamTypes);
        Assert.Equal([TypeOid.Int4], Plan("select $1, $1 + 1").ParamTypes);
        Assert.Equal(TypeOid.Int4, Plan("select $1, $1 + 1").Columns[0].TypeOid);
        Assert.Equal([TypeOid.Int8], Plan("select 1 limit $1").ParamTypes);
    }

    [Fact]
    public void Declared_parameter_types_win_and_text_values_are_converted()
    {
        var q = Plan("select $1", TypeOid.Int8);
        Assert.Equal([TypeOid.Int8], q.ParamTypes);
        var row = q.Execute([Datum.FromText("12")], _s).Single();
        Assert.Equal((TypeOid.Int8, 12L), (row[0].Type, row[0].Int));
        Assert.Null(Rows("select $1 + 1", [Datum.Null(TypeOid.Int4)])[0][0]);
    }

    [Fact]
    public void Pg_stat_activity_scan_where_order_limit()
    {
        var rows = Rows("select pid, usename from pg_stat_activity order by pid desc");
        Assert.Equal(["300", "200", "100"], rows.Select(r => r[0]));
        rows = Rows("select usename from pg_catalog.pg_stat_activity a where a.pid > 150 order by 1 limit 1");
        Assert.Equal(["bob"], rows.Select(r => r[0]));
        rows = Rows("select pid from pg_stat_activity order by state nulls first, pid offset 1");
        Assert.Equal(["100", "300"], rows.Select(r => r[0]));
        rows = Rows("select pid from pg_stat_activity order by state desc");
        Assert.Equal(["200", "300", "100"], rows.Select(r => r[0]));
        rows = Rows("select * from pg_stat_activity where state = 'active'");
        Assert.Single(rows);
        Assert.Equal("100|alice|active|select * from pg_stat_activity", J(rows[0]));
        Assert.True(_s.InterruptChecks >= 3);
        var cols = Plan("select *, pid as p from pg_stat_activity").Columns;
        Assert.Equal(["pid", "usename", "state", "query", "p"], cols.Select(c => c.Name));
        Assert.Equal((12222u, (short)2), (cols[1].TableOid, cols[1].ColumnNumber));
        Assert.Equal(TypeOid.Name, cols[1].TypeOid);
        Assert.Equal(["pid"], Rows("select pid from pg_stat_activity where usename = current_user")
            .Select(r => Plan("select pid from pg_stat_activity").Columns[0].Name));
    }

    [Fact]
    public void Aggregates_over_the_whole_input()
    {
        Assert.Equal(["3"], Rows("select count(*) from pg_stat_activity").Select(r => r[0]));
        Assert.Equal(TypeOid.Int8, Plan("select count(*) from pg_stat_activity").Columns[0].TypeOid);
        Assert.Equal("2|300|100|600|200.0000000000000000",
            J(Rows("select count(state), max(pid), min(pid), sum(pid), avg(pid) from pg_stat_activity")[0]));
        Assert.Equal("0|NULL", J(Rows("select count(*), max(pid) from pg_stat_activity where false")[0]));
        // A column in WHERE is not "outside an aggregate".
        Assert.Equal("1", J(Rows("select count(*) from pg_stat_activity where pid = 100")[0]));
        Assert.Equal("1", J(Rows("select count(*)")[0]));
        Assert.Equal("3", J(Rows("select count(distinct pid % 2 + pid) from pg_stat_activity")[0]));
    }

    [Fact]
    public void Distinct_rows()
    {
        Assert.Single(Rows("select distinct 1 from pg_stat_activity"));
        Assert.Equal(3, Rows("select distinct pid from pg_stat_activity").Count);
    }

    [Fact]
    public void Select_without_from_gives_one_row_and_empty_target_list_works()
    {
        Assert.Single(Rows("select 1, 2"));
        Assert.Empty(Plan("select").Columns);
        Assert.Empty(Rows("select 1 limit 0"));
        Assert.Empty(Rows("select 1 where false"));
    }

    [Fact]
    public void Result_columns_have_type_lengths()
    {
        var c = Plan("select 1, 'a', now(), 1::int8, true").Columns;
        Assert.Equal(new short[] { 4, -1, 8, 8, 1 }, c.Select(x => x.TypeLen));
        Assert.Equal(((4 << 16) | 2) + 4, Plan("select 1::numeric(4,2)").Columns[0].TypeMod);
        Assert.Equal(14, Plan("select 'a'::varchar(10)").Columns[0].TypeMod);
    }
}
