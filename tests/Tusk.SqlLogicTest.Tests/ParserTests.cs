namespace Tusk.SqlLogicTest.Tests;

public class ParserTests
{
    [Fact]
    public void Statements_with_and_without_expected_errors()
    {
        var records = SltParser.Parse("""
            # name: x
            statement ok
            SELECT 1

            statement error 22012
            SELECT 1 / 0

            statement error
            SELEC 1
            ----
            syntax error

            statement error
            SELECT
              2
            """);
        Assert.Equal(4, records.Count);
        var s = Assert.IsType<StatementRecord>(records[0]);
        Assert.False(s.ExpectError);
        Assert.Equal("SELECT 1", s.Sql);
        Assert.Equal(2, s.Line);
        Assert.Null(s.Connection);
        var e = Assert.IsType<StatementRecord>(records[1]);
        Assert.True(e.ExpectError);
        Assert.Equal("22012", e.ExpectedError);
        Assert.Equal("syntax error", ((StatementRecord)records[2]).ExpectedError);
        Assert.Equal("SELEC 1", ((StatementRecord)records[2]).Sql);
        Assert.Null(((StatementRecord)records[3]).ExpectedError);
        Assert.Equal("SELECT\n  2", ((StatementRecord)records[3]).Sql);
    }

    [Fact]
    public void Queries_with_sort_modes_labels_hashes_and_connections()
    {
        var records = SltParser.Parse("""
            query III rowsort label-1
            SELECT 1, 2, 3
            ----
            30 values hashing to 3C13DEE48D9356AE19AF2515E05E6B54

            query T valuesort con2
            SELECT 'a'
            ----
            a

            query IT
            SELECT 1, 'x'
            ----
            1	x

            query I nosort
            SELECT 1 WHERE false
            """);
        var q = Assert.IsType<QueryRecord>(records[0]);
        Assert.Equal("III", q.Types);
        Assert.Equal(SortMode.RowSort, q.Sort);
        Assert.Equal("label-1", q.Label);
        Assert.Equal(30, q.HashValueCount);
        Assert.Equal("3c13dee48d9356ae19af2515e05e6b54", q.Hash);
        var v = Assert.IsType<QueryRecord>(records[1]);
        Assert.Equal(SortMode.ValueSort, v.Sort);
        Assert.Equal("con2", v.Connection);
        Assert.Equal(["a"], v.ExpectedLines);
        Assert.Equal(["1\tx"], ((QueryRecord)records[2]).ExpectedLines);
        Assert.Empty(((QueryRecord)records[3]).ExpectedLines);
    }

    [Fact]
    public void Conditions_halt_threshold_connections_and_unknown_directives()
    {
        var records = SltParser.Parse("""
            hash-threshold 8

            onlyif mysql
            halt

            skipif postgresql
            skipif tusk
            statement ok con1
            SET x = 1

            statement error con2 25P02
            SELECT 1

            loop i 1 10
            """);
        Assert.Equal(8, Assert.IsType<HashThresholdRecord>(records[0]).Threshold);
        var halt = Assert.IsType<HaltRecord>(records[1]);
        Assert.Equal([new Condition(true, "mysql")], halt.Conditions);
        var s = Assert.IsType<StatementRecord>(records[2]);
        Assert.Equal("con1", s.Connection);
        Assert.Equal([new Condition(false, "postgresql"), new Condition(false, "tusk")], s.Conditions);
        var e = Assert.IsType<StatementRecord>(records[3]);
        Assert.Equal("con2", e.Connection);
        Assert.Equal("25P02", e.ExpectedError);
        Assert.IsType<UnsupportedRecord>(records[4]);
    }

    [Fact]
    public void Bad_headers_are_format_errors()
    {
        Assert.Throws<FormatException>(() => SltParser.Parse("query X\nSELECT 1\n"));
        Assert.Throws<FormatException>(() => SltParser.Parse("statement maybe\nSELECT 1\n"));
    }

    [Theory]
    [InlineData(null, 'T', "NULL")]
    [InlineData("", 'T', "(empty)")]
    [InlineData("a\tb\u00e9", 'T', "a@b@")]
    [InlineData("-3.7", 'I', "-3")]
    [InlineData("12", 'I', "12")]
    [InlineData("t", 'I', "1")]
    [InlineData("2.5", 'R', "2.500")]
    [InlineData("1e3", 'R', "1000.000")]
    [InlineData("7", 'R', "7.000")]
    public void Values_are_rendered_by_column_type(string? text, char type, string expected) =>
        Assert.Equal(expected, ValueFormatter.Format(text, type));

    [Fact]
    public void Hash_is_md5_over_values_each_followed_by_a_newline() =>
        // md5("1\n2\n")
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("1\n2\n"u8.ToArray())),
            ValueFormatter.Hash(["1", "2"]));

    [Fact]
    public void Expected_values_one_per_line_or_one_row_per_line()
    {
        var rows = new List<string[]> { new[] { "2", "b" }, new[] { "1", "a" } };
        QueryRecord Q(SortMode sort, params string[] lines) =>
            new() { Sql = "x", Types = "IT", Sort = sort, ExpectedLines = lines };
        Assert.Null(SltRunner.Compare(Q(SortMode.NoSort, "2", "b", "1", "a"), rows));
        Assert.Null(SltRunner.Compare(Q(SortMode.NoSort, "2\tb", "1\ta"), rows));
        Assert.Null(SltRunner.Compare(Q(SortMode.RowSort, "1 a", "2 b"), rows));
        Assert.Null(SltRunner.Compare(Q(SortMode.ValueSort, "1", "2", "a", "b"), rows));
        Assert.NotNull(SltRunner.Compare(Q(SortMode.NoSort, "1", "a", "2", "b"), rows));
        Assert.NotNull(SltRunner.Compare(Q(SortMode.RowSort, "1 a"), rows));
        var hashed = new QueryRecord
        {
            Sql = "x", Types = "IT", Sort = SortMode.RowSort, HashValueCount = 4,
            Hash = ValueFormatter.Hash(["1", "a", "2", "b"]),
        };
        Assert.Null(SltRunner.Compare(hashed, rows));
        Assert.NotNull(SltRunner.Compare(hashed with { HashValueCount = 3 }, rows));
    }

    [Fact]
    public void Engine_tusk_also_counts_as_postgresql()
    {
        var names = new SltRunner("Host=localhost", new RunnerOptions { Engine = "tusk" }).EngineNames;
        Assert.Contains("tusk", names);
        Assert.Contains("postgresql", names);
        Assert.DoesNotContain("tusk", new SltRunner("Host=localhost").EngineNames);
    }
}
