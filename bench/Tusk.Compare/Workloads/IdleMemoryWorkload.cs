using Npgsql;
using Tusk.Clusters;

namespace Tusk.Compare.Workloads;

/// <summary>
/// Memory per connection: opens 50 idle connections, finds their backend processes (the server processes holding
/// an established socket on the server's port; pg_stat_activity if that fails) and reads each one's PSS from
/// /proc/PID/smaps_rollup; then lets every connection run a few queries and reads again. Also the whole server
/// process tree: (total PSS with 50 connections - total with none) / 50. If every query fails, only the idle
/// figures are reported.
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
            // Which processes serve the connections: those holding an established socket on the server's port
            // (no query touches any backend); pg_stat_activity only when that finds too few.
            await SettleAsync(cluster, ct).ConfigureAwait(false);
            var pids = BackendPidsFromSockets(cluster);
            string method = $"{pids.Count} backends found by socket ownership";
            if (pids.Count < Connections)
            {
                pids = await BackendPidsFromActivityAsync(connections[0], ct).ConfigureAwait(false);
                method = $"{pids.Count} backends found in pg_stat_activity";
            }
            if (pids.Count < Connections)
            {
                throw new InvalidOperationException(
                    $"found {pids.Count} backend processes for {Connections} connections");
            }
            double idleBackend = MedianPssKiB(pids);
            double idleTotal = TreePssKiB(cluster);
            var values = new Dictionary<string, double>
            {
                ["backend_pss_idle"] = idleBackend / 1024,
                ["tree_pss_per_conn_idle"] = (idleTotal - baseTotal) / Connections / 1024,
            };

            string? firstError = null;
            foreach (var conn in connections)
            {
                var (f, error) = await RunQueriesAsync(conn, ct).ConfigureAwait(false);
                failed += f;
                firstError ??= error;
            }
            long total = (long)Connections * QueryRounds * _queries.Length;
            if (failed == total)
            {
                // Nothing ran: an "after queries" figure would only repeat the idle one.
                return new WorkloadOutcome(values, failed, $"every query failed: {firstError} ({method})");
            }
            await SettleAsync(cluster, ct).ConfigureAwait(false);
            values["backend_pss_used"] = MedianPssKiB(pids) / 1024;
            values["tree_pss_per_conn_used"] = (TreePssKiB(cluster) - baseTotal) / Connections / 1024;
            return new WorkloadOutcome(
                values, failed, failed > 0 ? $"{failed} of {total} queries failed: {firstError} ({method})" : method);
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

    static List<int> BackendPidsFromSockets(ICluster cluster)
    {
        var tree = cluster.ServerProcesses();
        int? postmaster = cluster.PostmasterPid;
        return ProcFs.ProcessesWithConnectionsOnPort(tree.Select(p => p.Pid).Where(p => p != postmaster), cluster.Port)
            .ToList();
    }

    static async Task<List<int>> BackendPidsFromActivityAsync(NpgsqlConnection conn, CancellationToken ct)
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

    static async Task<(long Failed, string? FirstError)> RunQueriesAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        long failed = 0;
        string? firstError = null;
        for (int round = 0; round < QueryRounds; round++)
        {
            foreach (string sql in _queries)
            {
                try
                {
                    await using var cmd = new NpgsqlCommand(sql, conn);
                    await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
                }
                catch (PostgresException e)
                {
                    failed++;
                    firstError ??= $"{sql}: {e.SqlState}: {e.MessageText}";
                }
            }
        }
        return (failed, firstError);
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
