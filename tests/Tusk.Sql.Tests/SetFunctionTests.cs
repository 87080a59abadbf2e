// The set-returning functions a FROM-clause or target-list SRF node will call: resolution through
// FunctionCatalog.FindSetFunction + Select (with polymorphic instantiation), and the rows of unnest, jsonb_each(_text),
// json(b)_object_keys and json(b)_array_elements(_text), as PostgreSQL 15 returns them.
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;
using Xunit;

namespace Tusk.Sql.Tests;

public class SetFunctionTests
{
    readonly FakeSession _s = new();

    List<string> Rows(string name, params Datum[] args)
    {
        var fn = FunctionCatalog.Select(FunctionCatalog.FindSetFunction(name)!, args.Select(a => a.Type).ToArray(), out _)!;
        Assert.True(FunctionCatalog.IsSetReturning(fn));
        return fn.Set!(args, new EvalContext([], _s))
            .Select(r => string.Join("|", r.Select(d => d.IsNull ? "NULL" : TypeIO.ToText(d, _s.Output)))).ToList();
    }

    static Datum Jsonb(string s) => TypeIO.FromText(s, TypeOid.Jsonb, OutputContext.Default);

    static Datum Json(string s) => TypeIO.FromText(s, TypeOid.Json, OutputContext.Default);

    [Fact]
    public void Unnest_flattens_every_dimension_with_nulls()
    {
        var arr = TypeIO.FromText("{{1,NULL},{3,4}}", TypeOid.Int4Array, OutputContext.Default);
        Assert.Equal(["1", "NULL", "3", "4"], Rows("unnest", arr));
        var fn = FunctionCatalog.Select(FunctionCatalog.FindSetFunction("unnest")!, [TypeOid.TextArray], out _)!;
        Assert.Equal(TypeOid.Text, fn.ReturnType);
        Assert.Equal(["1"], FunctionCatalog.Unnest(TypeIO.FromText("{1}", TypeOid.Int4Array, OutputContext.Default))
            .Select(d => TypeIO.ToText(d, _s.Output)));
        Assert.Empty(Rows("unnest", Datum.Null(TypeOid.Int4Array).WithType(TypeOid.Int4Array)));
    }

    [Fact]
    public void Json_object_and_array_functions()
    {
        Assert.Equal(["a|1", "b|[1, 2]", "aa|\"x\""], Rows("jsonb_each", Jsonb("{\"b\": [1,2], \"a\": 1, \"aa\": \"x\"}")));
        Assert.Equal(["a|1", "aa|x"], Rows("jsonb_each_text", Jsonb("{\"a\": 1, \"aa\": \"x\"}")));
        Assert.Equal(["b|[1,2]", "a|1", "b|3"], Rows("json_each", Json("{\"b\":[1,2], \"a\":1, \"b\":3}")));
        Assert.Equal(["a", "b"], Rows("jsonb_object_keys", Jsonb("{\"b\": 1, \"a\": 2}")));
        Assert.Equal(["1", "\"x\"", "null", "{\"a\": 1}"], Rows("jsonb_array_elements", Jsonb("[1, \"x\", null, {\"a\":1}]")));
        Assert.Equal(["1", "x", "NULL"], Rows("jsonb_array_elements_text", Jsonb("[1, \"x\", null]")));
        Assert.Equal(["1", "[2,  3]"], Rows("json_array_elements", Json("[1, [2,  3]]")));
    }

    [Theory]
    [InlineData("jsonb_each", "[1]", "cannot call jsonb_each on a non-object")]
    [InlineData("jsonb_each_text", "1", "cannot call jsonb_each_text on a non-object")]
    [InlineData("jsonb_object_keys", "1", "cannot call jsonb_object_keys on a scalar")]
    [InlineData("jsonb_object_keys", "[1]", "cannot call jsonb_object_keys on an array")]
    [InlineData("jsonb_array_elements", "{}", "cannot extract elements from an object")]
    [InlineData("jsonb_array_elements", "1", "cannot extract elements from a scalar")]
    [InlineData("json_each", "[1]", "cannot deconstruct an array as an object")]
    [InlineData("json_each_text", "1", "cannot deconstruct a scalar")]
    [InlineData("json_array_elements", "{}", "cannot call json_array_elements on a non-array")]
    [InlineData("json_array_elements_text", "1", "cannot call json_array_elements_text on a scalar")]
    [InlineData("json_object_keys", "1", "cannot call json_object_keys on a scalar")]
    public void Errors_on_the_wrong_kind_of_value(string fn, string value, string message)
    {
        var doc = fn.StartsWith("jsonb", StringComparison.Ordinal) ? Jsonb(value) : Json(value);
        var e = Assert.Throws<PgException>(() => Rows(fn, doc));
        Assert.Equal((SqlState.InvalidParameterValue, message), (e.SqlState, e.Message));
    }
}
