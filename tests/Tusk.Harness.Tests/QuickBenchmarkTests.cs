// The quick benchmark from the test suite: bench/compare --quick runs every workload against PostgreSQL 15 and
// Tusk and writes its report; a workload Tusk cannot run yet is a "fails: ..." cell, never a crash. Figures are
// not asserted (this machine is shared and noisy): only that each one is there. The storage workloads, whose Tusk
// side needs no server, must have a figure on both sides, and the run must not start Tusk's server for them.
using System.Text.Json;

namespace Tusk.Harness.Tests;

[Collection(nameof(HarnessCommands))]
public sealed class QuickBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Quick_benchmark_reports_both_servers_for_every_workload()
    {
        string results = Directory.CreateTempSubdirectory("tusk-compare-results-").FullName;
        try
        {
            using var harness = HarnessProcess.Start("tusk-compare", "--quick", "--results", results);
            int exit = await harness.WaitForExit(TimeSpan.FromMinutes(15));
            output.WriteLine(harness.Output);
            Assert.Equal(0, exit);
            Assert.Contains("no server process left", harness.Output, StringComparison.Ordinal);

            string json = Assert.Single(Directory.EnumerateFiles(results, "*.json"));
            Assert.Single(Directory.EnumerateFiles(results, "*.png"));
            Assert.True(File.Exists(Path.Combine(results, "latest.md")));
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var targets = doc.RootElement.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
            Assert.Equal(["PostgreSQL", "Tusk"], targets);
            var workloads = doc.RootElement.GetProperty("workloads").EnumerateArray().ToList();
            Assert.Contains(workloads, w => w.GetProperty("name").GetString() == "connect");
            Assert.Contains(workloads, w => w.GetProperty("name").GetString() == "idle-memory");
            foreach (var w in workloads)
            {
                string name = w.GetProperty("name").GetString()!;
                var errors = w.GetProperty("errors").EnumerateArray().Select(e => e.GetArrayLength()).ToList();
                foreach (var metric in w.GetProperty("metrics").EnumerateArray())
                {
                    var values = metric.GetProperty("values").EnumerateArray().ToList();
                    // PostgreSQL runs every workload; Tusk either has a figure or says why not.
                    Assert.True(values[0].GetProperty("median").ValueKind == JsonValueKind.Number, $"{name}: no PostgreSQL figure");
                    Assert.True(
                        values[1].GetProperty("median").ValueKind == JsonValueKind.Number || errors[1] > 0,
                        $"{name}: Tusk has neither a figure nor an error");
                }
                Assert.Contains(name, harness.Output, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }

    [Fact]
    public async Task Storage_workloads_report_a_PostgreSQL_and_a_Tusk_figure_and_the_fsync_limit()
    {
        string results = Directory.CreateTempSubdirectory("tusk-compare-results-").FullName;
        try
        {
            using var harness = HarnessProcess.Start(
                "tusk-compare", "--quick", "--reps", "1", "--only", "storage", "--no-chart", "--results", results);
            int exit = await harness.WaitForExit(TimeSpan.FromMinutes(5));
            output.WriteLine(harness.Output);
            Assert.Equal(0, exit);
            Assert.Contains("no server process left", harness.Output, StringComparison.Ordinal);
            Assert.Contains("Tusk: no server started", harness.Output, StringComparison.Ordinal);
            Assert.Contains("access interface", harness.Output, StringComparison.Ordinal);
            Assert.Empty(harness.OwnedDirectories());

            string json = Assert.Single(Directory.EnumerateFiles(results, "*.json"));
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var fsync = doc.RootElement.GetProperty("fsyncLimit");
            Assert.True(fsync.GetProperty("opsPerSecond").ValueKind == JsonValueKind.Number, fsync.GetProperty("line").GetString());
            var workloads = doc.RootElement.GetProperty("workloads").EnumerateArray().ToList();
            Assert.Equal(
                ["commit-rate-1", "commit-rate-8", "bulk-load"],
                workloads.Select(w => w.GetProperty("name").GetString()));
            foreach (var w in workloads)
            {
                string name = w.GetProperty("name").GetString()!;
                foreach (var metric in w.GetProperty("metrics").EnumerateArray())
                {
                    var values = metric.GetProperty("values").EnumerateArray().ToList();
                    Assert.True(values[0].GetProperty("median").ValueKind == JsonValueKind.Number, $"{name}: no PostgreSQL figure");
                    Assert.True(values[1].GetProperty("median").ValueKind == JsonValueKind.Number, $"{name}: no Tusk figure");
                    Assert.True(metric.GetProperty("ratios")[0].GetProperty("ratio").GetProperty("median").ValueKind
                        == JsonValueKind.Number, $"{name}: no ratio");
                }
            }
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }
}
