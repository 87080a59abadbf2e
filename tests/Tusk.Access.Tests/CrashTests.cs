// kill -9 while writers run: four worker processes change one table through a 1 MB buffer pool, committing
// synchronously; at a random moment every process dies at once (as when the postmaster is killed), or one dies
// first and the rest right after (a backend crash: the postmaster's reset stops the others). Then the next start
// replays WAL, and every acknowledged commit must be there and no transaction half there. A few rounds by default;
// TUSK_TEST_LONG=1 runs 20.
using Tusk.Access.Heap;
using Tusk.LockHammer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Transam;
using Xunit.Abstractions;

namespace Tusk.Access.Tests;

[Collection(SharedStatics.Name)]
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    readonly WalCluster _cluster = WalCluster.Create("crash", nbuffers: 128);

    public void Dispose() => _cluster.Dispose();

    static int Rounds => Environment.GetEnvironmentVariable("TUSK_TEST_LONG") == "1" ? 20 : 3;

    [Fact]
    public void Kill_9_at_random_moments_loses_no_acknowledged_commit_and_leaves_no_half_transaction()
    {
        HeapRelation.Create(CrashHammer.Relation);
        var rng = new Random();
        int acked = 0;
        for (int round = 0; round < Rounds; round++)
        {
            var workers = Workers.Start(_cluster.ShmPath, 4, ["crash", "-", _cluster.DataDirectory, "300"]);
            try
            {
                Thread.Sleep(1500 + rng.Next(2000));
                if (round % 2 == 1)
                {
                    workers.KillOne(rng.Next(workers.Count));
                    Thread.Sleep(rng.Next(50));
                }
            }
            finally
            {
                workers.KillAll();
            }
            _cluster.Crash();
            _cluster.Log.Clear();
            var result = _cluster.Start();
            output.WriteLine($"round {round}: replayed {result.Records} records from {result.RedoStart}");
            acked += Verify();
        }
        output.WriteLine($"{acked} acknowledged transactions checked (summed over the rounds)");
        Assert.True(acked > 0, "no transaction was acknowledged: the workers made no progress");
    }

    /// <summary>Compares the table with every worker's log; returns the number of acknowledged transactions.</summary>
    int Verify()
    {
        var actual = new Dictionary<int, Dictionary<int, int>>();
        using (var scan = HeapRelation.Open(CrashHammer.Relation).BeginScan(ProcArray.GetSnapshot(), Nobody.Instance))
        {
            while (scan.Next(out _, out var data))
            {
                var (worker, key, version) = HeapHammer.Decode(data);
                if (!actual.TryGetValue(worker, out var rows))
                {
                    actual[worker] = rows = [];
                }
                Assert.False(rows.ContainsKey(key), $"worker {worker} key {key}: two versions visible");
                rows[key] = version;
            }
        }
        int acked = 0;
        var logs = Directory.GetFiles(_cluster.DataDirectory, "crash.*.log");
        Assert.NotEmpty(logs);
        foreach (string log in logs)
        {
            int worker = int.Parse(Path.GetFileName(log).Split('.')[1], System.Globalization.CultureInfo.InvariantCulture);
            var (expected, withInFlight) = CrashHammer.Expected(log);
            acked += File.ReadLines(log).Count(l => l.StartsWith("A ", StringComparison.Ordinal));
            var rows = actual.GetValueOrDefault(worker) ?? [];
            actual.Remove(worker);
            bool matches = Same(rows, expected) || (withInFlight != null && Same(rows, withInFlight));
            Assert.True(matches,
                $"worker {worker}: table has {Show(rows)}, acknowledged work gives {Show(expected)}"
                + (withInFlight != null ? $" or, with the commit in flight, {Show(withInFlight)}" : ""));
        }
        Assert.Empty(actual);
        return acked;
    }

    static bool Same(Dictionary<int, int> a, Dictionary<int, int> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out int v) && v == kv.Value);

    static string Show(Dictionary<int, int> rows) =>
        rows.Count > 20 ? $"{rows.Count} rows" : "{" + string.Join(", ", rows.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}:v{kv.Value}")) + "}";
}
