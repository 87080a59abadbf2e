// What the runner reads from the drivers' output.
using Tusk.PgRegress;

namespace Tusk.Harness.Tests;

public sealed class DriverOutputTests
{
    [Fact]
    public void Test_lines_of_serial_and_parallel_groups_are_read()
    {
        const string stdout = """
            ============== running regression test queries        ==============
            test test_setup                   ... FAILED      211 ms
            test boolean                      ... ok          541 ms
            parallel group (2 tests):  char varchar
                 char                         ... ok           17 ms
                 varchar                      ... failed (ignored)       17 ms
            test crashy                       ... FAILED (test process exited with exit code 2)       20 ms
            """;
        var tests = RegressRunner.ParseTestLines(stdout);
        Assert.Equal(5, tests.Count);
        Assert.Equal(TestOutcome.Failed, tests["test_setup"].Outcome);
        Assert.Equal(211, tests["test_setup"].Milliseconds);
        Assert.Equal(TestOutcome.Passed, tests["boolean"].Outcome);
        Assert.Equal(TestOutcome.Passed, tests["char"].Outcome);
        Assert.Equal(TestOutcome.FailedIgnored, tests["varchar"].Outcome);
        Assert.Equal("test process exited with exit code 2", tests["crashy"].Detail);
    }

    [Fact]
    public void Regression_diffs_are_split_per_test_with_relative_paths()
    {
        string stage = Path.Combine(Path.GetTempPath(), "stage-x");
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, $"""
                diff -U3 {stage}/input/expected/char_1.out {stage}/output/results/char.out
                --- {stage}/input/expected/char_1.out
                +++ {stage}/output/results/char.out
                @@ -1 +1 @@
                -a
                +b
                diff -U3 {stage}/input/expected/int4.out {stage}/output/results/int4.out
                @@ -2 +2 @@
                -1
                +2

                """);
            var diffs = RegressRunner.SplitDiffs(file, stage);
            Assert.Equal(["char", "int4"], diffs.Keys.Order());
            Assert.StartsWith("diff -U3 expected/char_1.out results/char.out\n--- expected/char_1.out", diffs["char"],
                StringComparison.Ordinal);
            Assert.DoesNotContain("int4", diffs["char"], StringComparison.Ordinal);
            Assert.EndsWith("-1\n+2\n", diffs["int4"], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Schedules_list_their_tests_in_order_and_refuse_unknown_lines()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "# comment\ntest: a\n\ntest: b c\nignore: c\n");
            Assert.Equal(["a", "b", "c"], ScheduleFile.Read(file));
            File.WriteAllText(file, "tset: a\n");
            Assert.Throws<FormatException>(() => ScheduleFile.Read(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
