using Npgsql;
using Tusk.Compare.Clusters;

namespace Tusk.Compare.Workloads;

/// <summary>
/// Memory per connection: opens 50 idle connections, finds their backend processes through pg_stat_activity and
/// reads each one's PSS from /proc/PID/smaps_rollup; then lets every connection run a few queries and reads again.
/// Also the whole server process tree: (total PSS with 50 connections - total with none) / 50.
/// </summary>
public sealed class IdleMemoryWorkload : IWorkload
{
    public const int Connections = 50;

    /// <summary>Rounds of the three queries each connection runs before the second reading.</summary>
    public const int QueryRounds = 20;

    static readonly string[] _queries = ["SELECT 1", "SELECT version()", "SELECT now()"];

    public string Name => "idle-memory";

    public string Description =>
        $"{Connections} idle connections: median backend PSS, then again after {QueryRounds} x (SELECT 1, version(), now()) each; "
        + "server tree PSS per connection";

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new("backend_pss_idle", "backend PSS, idle (median)", "MiB", HigherIsBetter: false, Decimals: 2),
        new("backend_pss_used", "backend PSS, after queries (median)", "MiB", HigherIsBetter: false, Decimals: 2),
        new("tree_pss_per_conn_idle", "server tree PSS per connection, idle", "MiB", HigherIsBetter: false, Decimals: 2),
        new("tree_pss_per_conn_used", "server tree PSS per connection, after queries", "MiB", HigherIsBetter: false,
            Decimals: 2),
    ];

    public async Task<WorkloadOutcome> RunAsync(WorkloadContext context, CancellationToken ct)
    {
        var cluster = context.Cluster;
        await SettleAsync(cluster, ct).ConfigureAwait(false);
        double baseTotal = TreePssKiB(cluster);

        await using var dataSource = context.CreateDataSource();
        var connections = new List<NpgsqlConnection>(Connections);
        long failed = 0;
        try
        {
            for (int i = 0; i < Connections; i++)
            {
                connections.Add(await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false));
            }
            var pids = await BackendPidsAsync(connections[0], ct).ConfigureAwait(false);
            if (pids.Count < Connections)
            {
                throw new InvalidOperationException(
                    $"pg_stat_activity shows {pids.Count} client backends for {Connections} connections");
            }
            await SettleAsync(cluster, ct).ConfigureAwait(false);
            double idleBackend = MedianPssKiB(pids);
            double idleTotal = TreePssKiB(cluster);

            foreach (var conn in connections)
            {
                failed += await RunQueriesAsync(conn, ct).ConfigureAwait(false);
            }
            await SettleAsync(cluster, ct).ConfigureAwait(false);
            double usedBackend = MedianPssKiB(pids);
            double usedTotal = TreePssKiB(cluster);

            return new WorkloadOutcome(
                new Dictionary<string, double>
                {
                    ["backend_pss_idle"] = idleBackend / 1024,
                    ["backend_pss_used"] = usedBackend / 1024,
                    ["tree_pss_per_conn_idle"] = (idleTotal - baseTotal) / Connections / 1024,
                    ["tree_pss_per_conn_used"] = (usedTotal - baseTotal) / Connections / 1024,
                },
                failed);
        }
        finally
        {
            foreach (var conn in connections)
            {
                await conn.DisposeAsync().ConfigureAwait(false);
            }
            // Let backends exit before the next workload measures anything.
            await SettleAsync(cluster, CancellationToken.None).ConfigureAwait(false);
        }
    }

    static async Task<List<int>> BackendPidsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var pids = new List<int>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            pids.Add(reader.GetInt32(0));
        }
        return pids;
    }

    static async Task<long> RunQueriesAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        long failed = 0;
        for (int round = 0; round < QueryRounds; round++)
        {
            foreach (string sql in _queries)
            {
                try
                {
                    await using var cmd = new NpgsqlCommand(sql, conn);
                    await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
                }
                catch (PostgresException)
                {
                    failed++;
                }
            }
        }
        return failed;
    }

    /// <summary>Median PSS of the given processes; a process that is gone counts as missing, not as zero.</summary>
    static double MedianPssKiB(List<int> pids)
    {
        var values = pids.Select(ProcFs.Memory).Where(m => m is not null).Select(m => (double)m!.Value.PssKiB).ToList();
        if (values.Count < pids.Count / 2)
        {
            throw new InvalidOperationException($"only {values.Count} of {pids.Count} backend processes could be read");
        }
        return Stats.Median(values);
    }

    static double TreePssKiB(ICluster cluster)
    {
        var tree = cluster.ServerProcesses();
        if (tree.Count == 0)
        {
            throw new InvalidOperationException("server process tree not found (server down?)");
        }
        return tree.Sum(p => ProcFs.Memory(p.Pid)?.PssKiB ?? 0);
    }

    /// <summary>Waits until the server's set of processes stays the same for a second (at most 10 s).</summary>
    static async Task SettleAsync(ICluster cluster, CancellationToken ct)
    {
        var last = "";
        var stableSince = DateTime.UtcNow;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            string now = string.Join(',', cluster.ServerProcesses().Select(p => p.Pid).Order());
            if (now != last)
            {
                last = now;
                stableSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - stableSince >= TimeSpan.FromSeconds(1))
            {
                return;
            }
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }
}
