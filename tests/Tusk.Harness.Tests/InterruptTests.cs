// Ctrl-C in the middle of a run: every harness command stops its servers, removes its temporary directories and
// leaves no process (server or driver) and no shared memory segment behind.
namespace Tusk.Harness.Tests;

[Collection(nameof(HarnessCommands))]
public sealed class InterruptTests(ITestOutputHelper output)
{
    static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);
    static readonly TimeSpan ExitLimit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Ctrl_C_during_pg_regress_cleans_up()
    {
        using var harness = HarnessProcess.Start("tusk-regress", "--server", "postgresql", "--suite", "regress");
        // The third file is running: the cluster, the staged input and pg_regress with its psql all exist.
        await harness.WaitUntil(() => harness.Output.Contains("test varchar", StringComparison.Ordinal), "test varchar", StartLimit);
        await AssertInterruptCleansUp(harness, expectedDirectories: 2);
    }

    [Fact]
    public async Task Ctrl_C_during_a_sqllogictest_statement_on_Tusk_cleans_up()
    {
        using var harness = HarnessProcess.Start("tusk-slt", "--server", "tusk", "--files", Repo.Fixture("slt/sleep.test"));
        await harness.WaitUntil(() => harness.Output.Contains("cluster:", StringComparison.Ordinal), "cluster line", StartLimit);
        await Task.Delay(1000);
        await AssertInterruptCleansUp(harness, expectedDirectories: 1, expectSegments: true);
    }

    [Fact]
    public async Task Ctrl_C_during_bench_compare_cleans_up()
    {
        string results = Directory.CreateTempSubdirectory("tusk-compare-results-").FullName;
        try
        {
            using var harness = HarnessProcess.Start(
                "tusk-compare", "--quick", "--only", "connect", "--no-chart", "--results", results);
            // Both clusters run (their pid files exist) and the first workload has begun.
            await harness.WaitUntil(
                () => harness.OwnedDirectories().Count(d => File.Exists(Path.Combine(d, "data", "postmaster.pid"))) == 2,
                "two running clusters",
                StartLimit);
            await Task.Delay(2000);
            await AssertInterruptCleansUp(harness, expectedDirectories: 3, expectSegments: true);
            Assert.Empty(Directory.EnumerateFiles(results, "*.json"));
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }

    async Task AssertInterruptCleansUp(HarnessProcess harness, int expectedDirectories, bool expectSegments = false)
    {
        var footprint = Footprint.Of(harness);
        Assert.Equal(expectedDirectories, footprint.Directories.Count);
        Assert.NotEmpty(footprint.ServerProcesses);
        Assert.Equal(expectSegments, footprint.Segments.Count > 0);
        Assert.All(footprint.Segments, s => Assert.True(File.Exists(s), $"{s} exists while the cluster runs"));

        harness.Interrupt();
        try
        {
            int exit = await harness.WaitForExit(ExitLimit);
            output.WriteLine(harness.Output);
            Assert.Equal(130, exit);
            Assert.Contains("interrupted", harness.Output, StringComparison.Ordinal);
            footprint.AssertGone(harness);
        }
        finally
        {
            // Should the command have failed to clean up, do it here: its owner is gone, so these are stale.
            harness.Dispose();
            Tusk.Clusters.ClusterLauncher.SweepStale();
        }
    }
}

/// <summary>Tests that start whole harness commands (several servers each) run one at a time.</summary>
[CollectionDefinition(nameof(HarnessCommands), DisableParallelization = true)]
public sealed class HarnessCommands;
