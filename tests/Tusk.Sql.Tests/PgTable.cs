// Tables of expressions with the answers PostgreSQL 15 gives for them (one case per line, fields separated by tabs,
// "⏎" for a line break inside a value), their evaluation as "SELECT expr" on a FakeSession, and the tests that run
// the tables (ArrayCases, JsonCases).
//   values: expression, text output ("NULL" for NULL)
//   errors: expression, SQLSTATE, message, DETAIL, [CONTEXT,] position
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor;
using Tusk.Sql.Nodes;
using Tusk.Sql.Parser;
using Xunit;

namespace Tusk.Sql.Tests;

static class PgTable
{
    static IEnumerable<string[]> Rows(string table) => table.Split('\n').Select(l => l.Split('\t'));

    public static TheoryData<string, string> Values(string table)
    {
        var data = new TheoryData<string, string>();
        foreach (var f in Rows(table))
            data.Add(f[0], string.Join('\t', f[1..]).Replace('⏎', '\n'));
        return data;
    }

    public static TheoryData<string, string, string, string, string, int> Errors(string table)
    {
        var data = new TheoryData<string, string, string, string, string, int>();
        foreach (var f in Rows(table))
            data.Add(f[0], f[1], f[2], f[3], f.Length > 5 ? f[4] : "",
                int.Parse(f[^1], System.Globalization.CultureInfo.InvariantCulture));
        return data;
    }

    /// <summary>The text output of SELECT <paramref name="expr"/> ("NULL" for NULL).</summary>
    public static string Eval(FakeSession s, string expr)
    {
        var q = Planner.PlanSelect((SelectStmt)RawParser.Parse("select " + expr)[0].Stmt, [], s);
        var d = q.Execute([], s).Single()[0];
        return d.IsNull ? "NULL" : TypeIO.ToText(d, s.Output);
    }

    public static void AssertError(FakeSession s, string expr, string sqlState, string message, string detail,
        string context, int position)
    {
        var e = Assert.Throws<PgException>(() => Eval(s, expr));
        Assert.Equal((sqlState, message, detail, context), (e.SqlState, e.Message, e.Detail ?? "", e.Context ?? ""));
        Assert.Equal(position, e.Position);
    }
}

public class ExpressionTableTests
{
    readonly FakeSession _s = new();

    public static TheoryData<string, string> Cases() =>
        PgTable.Values(ArrayCases.Values + "\n" + JsonCases.Values);

    public static TheoryData<string, string, string, string, string, int> ErrorCases() =>
        PgTable.Errors(ArrayCases.Errors + "\n" + JsonCases.Errors);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Expressions_give_what_PostgreSQL_gives(string expr, string expected) =>
        Assert.Equal(expected, PgTable.Eval(_s, expr));

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void Errors_are_PostgreSQL_s(string expr, string sqlState, string message, string detail, string context,
        int position) => PgTable.AssertError(_s, expr, sqlState, message, detail, context, position);
}
