using System.Diagnostics;
using Xunit.Abstractions;

namespace Tusk.SqlLogicTest.Tests;

public sealed class PostgresTests(PostgresFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    [Fact]
    public Task Every_tests_sql_file_passes_on_PostgreSQL() => SqlFiles.AssertAllPass(fixture.Runner, output);

    [Fact]
    public async Task A_file_with_wrong_expectations_fails()
    {
        var log = new StringWriter();
        var result = await fixture.Runner(log).RunFileAsync(Repo.Fixture("wrong_expected.test"));
        output.WriteLine(log.ToString());
        Assert.Null(result.Error);
        Assert.Equal(2, result.Passed);
        Assert.Equal(8, result.Failed);
        Assert.Equal([11, 17, 23, 27, 31, 35, 42, 49], result.Failures.Select(f => f.Line));
        Assert.Contains("22012", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SQLite_select1_passes_on_PostgreSQL()
    {
        var sw = Stopwatch.StartNew();
        var log = new StringWriter();
        var result = await fixture.Runner(log).RunFileAsync(Repo.Select1);
        output.WriteLine($"{result} in {sw.Elapsed.TotalSeconds:F1} s");
        Assert.True(result.Failed == 0, log.ToString());
        Assert.True(result.Passed > 1000, result.ToString());
    }
}

public sealed class TuskTests(TuskFixture fixture, ITestOutputHelper output) : IClassFixture<TuskFixture>
{
    [Fact]
    public Task Every_tests_sql_file_passes_on_Tusk() => SqlFiles.AssertAllPass(fixture.Runner, output);

    [Fact]
    public async Task A_file_with_wrong_expectations_fails_on_Tusk()
    {
        var result = await fixture.Runner().RunFileAsync(Repo.Fixture("wrong_expected.test"));
        Assert.Equal(8, result.Failed);
        Assert.Equal(2, result.Passed);
    }
}

/// <summary>The check both servers must pass: every file under tests/sql.</summary>
static class SqlFiles
{
    public static async Task AssertAllPass(Func<TextWriter, SltRunner> runner, ITestOutputHelper output)
    {
        var log = new StringWriter();
        var summary = await runner(log).RunFilesAsync(TestFiles.Expand([Repo.SqlDir]));
        output.WriteLine(log.ToString());
        output.WriteLine(summary.ToString());
        Assert.True(summary.Files.Count >= 4);
        Assert.True(summary.Failed == 0, log.ToString());
        Assert.True(summary.Passed > 50);
    }
}
