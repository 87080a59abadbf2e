// Text-family types and string functions through planning and evaluation: C-locale case mapping, bpchar padding
// rules, the store-time coercion entry point (CharTypes.CoerceForStore) with 22001, bytea and
// uuid text forms. The SQL-level behaviour is compared with PostgreSQL in tests/sql/strings.
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;
using Tusk.Sql.Parser;
using Xunit;

namespace Tusk.Sql.Tests;

public class StringEvalTests
{
    readonly FakeSession _s = new();

    string? Val(string expr)
    {
        var q = Planner.PlanSelect((SelectStmt)RawParser.Parse("select " + expr)[0].Stmt, [], _s);
        var d = q.Execute([], _s).First()[0];
        return d.IsNull ? null : TypeIO.ToText(d, _s.Output);
    }

    [Theory]
    [InlineData("upper('abc déf')", "ABC DéF")]
    [InlineData("lower('ÀBC')", "Àbc")]
    [InlineData("initcap('hello wORLD éa')", "Hello World éA")]
    [InlineData("'É' ilike 'é'", "f")]
    [InlineData("'é' ~ '\\w'", "f")]
    [InlineData("'ab'::char(4) || 'c'", "abc")]
    [InlineData("length('ab  '::char(4))", "2")]
    [InlineData("octet_length('ab'::char(4))", "4")]
    [InlineData("'abcdef'::varchar(3)", "abc")]
    [InlineData("'a'::char(3)", "a  ")]
    [InlineData("substring('foobar' similar 'f#\"o_b#\"%' escape '#')", "oob")]
    [InlineData("format('%-4s|%3$s', 'a', 'b', 'c')", "a   |c")]
    [InlineData("'\\x0102'::bytea || '\\x03'", "\\x010203")]
    [InlineData("'{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}'::uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")]
    public void Evaluates_like_PostgreSQL(string expr, string expected) => Assert.Equal(expected, Val(expr));

    [Fact]
    public void Store_coercion_checks_lengths()
    {
        var oc = OutputContext.Default;
        var v = CharTypes.CoerceForStore(Datum.FromText("abc  "), TypeOid.Varchar, 3 + 4, false, oc);
        Assert.Equal("abc", v.Text);
        var c = CharTypes.CoerceForStore(Datum.FromText("ab"), TypeOid.Bpchar, 4 + 4, false, oc);
        Assert.Equal("ab  ", c.Text);
        var e = Assert.Throws<PgException>(() =>
            CharTypes.CoerceForStore(Datum.FromText("abcdef"), TypeOid.Varchar, 5 + 4, false, oc));
        Assert.Equal(SqlState.StringDataRightTruncation, e.SqlState);
        Assert.Equal("value too long for type character varying(5)", e.Message);
        e = Assert.Throws<PgException>(() =>
            CharTypes.CoerceForStore(Datum.FromText("abcdef"), TypeOid.Bpchar, 5 + 4, false, oc));
        Assert.Equal("value too long for type character(5)", e.Message);
        Assert.Equal("abcde", CharTypes.CoerceForStore(Datum.FromText("abcdef"), TypeOid.Bpchar, 5 + 4, true, oc).Text);
        Assert.Equal("12", CharTypes.CoerceForStore(Datum.FromInt4(12), TypeOid.Varchar, -1, false, oc).Text);
        Assert.True(CharTypes.CoerceForStore(Datum.Null(TypeOid.Int4), TypeOid.Text, -1, false, oc).IsNull);
    }
}
