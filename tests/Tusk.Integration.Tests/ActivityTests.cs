// pg_stat_activity reads the shared backend status array: one 'client backend' row per open connection
// with its real, distinct pid (a child of the postmaster), plus a row for each background process.
using Npgsql;

namespace Tusk.Integration.Tests;

public sealed class ActivityTests
{
    static int ParentOf(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
    }

    [Fact]
    public void One_row_per_connection_and_per_background_process()
    {
        using var c = new TuskCluster();
        var conns = Enumerable.Range(0, 3).Select(_ =>
        {
            var conn = new NpgsqlConnection(c.ConnectionString(extra: ";Application Name=act"));
            conn.Open();
            return conn;
        }).ToList();
        try
        {
            var rows = new List<(int Pid, string Type, string? State, string? App, string? Query)>();
            using (var cmd = new NpgsqlCommand(
                "SELECT pid, backend_type, state, application_name, query FROM pg_stat_activity ORDER BY pid", conns[0]))
            using (var r = cmd.ExecuteReader())
                while (r.Read())
                    rows.Add((r.GetInt32(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                        r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)));
            var clients = rows.Where(r => r.Type == "client backend").ToList();
            Assert.Equal(3, clients.Count);
            Assert.Equal(conns.Select(x => x.ProcessID).OrderBy(x => x), clients.Select(x => x.Pid).OrderBy(x => x));
            foreach (var cl in clients)
            {
                Assert.True(Directory.Exists($"/proc/{cl.Pid}"));
                Assert.Equal(c.PostmasterPid, ParentOf(cl.Pid));
                Assert.Equal("act", cl.App);
            }
            var me = clients.Single(x => x.Pid == conns[0].ProcessID);
            Assert.Equal("active", me.State);
            Assert.StartsWith("SELECT pid, backend_type", me.Query);
            Assert.All(clients.Where(x => x.Pid != conns[0].ProcessID), x => Assert.Equal("idle", x.State));
            foreach (var t in new[] { "checkpointer", "background writer", "walwriter", "autovacuum launcher",
                         "logical replication launcher" })
            {
                var row = Assert.Single(rows, r => r.Type == t);
                Assert.Equal(c.PostmasterPid, ParentOf(row.Pid));
            }
            Assert.Equal(rows.Count, rows.Select(r => r.Pid).Distinct().Count());

            using (var lr = new NpgsqlCommand(
                "SELECT usename FROM pg_stat_activity WHERE backend_type = 'logical replication launcher'", conns[1]))
                Assert.Equal("postgres", lr.ExecuteScalar());

            using var count = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'", conns[1]);
            Assert.Equal(3L, count.ExecuteScalar());
        }
        finally
        {
            foreach (var conn in conns)
                conn.Dispose();
        }
    }

    [Fact]
    public void Wait_event_shows_pg_sleep_and_idle_in_transaction()
    {
        using var c = new TuskCluster();
        using var sleeper = new NpgsqlConnection(c.ConnectionString());
        sleeper.Open();
        using var tx = new NpgsqlConnection(c.ConnectionString());
        tx.Open();
        using (var b = new NpgsqlCommand("BEGIN", tx))
            b.ExecuteNonQuery();
        var sleep = Task.Run(() =>
        {
            using var cmd = new NpgsqlCommand("SELECT pg_sleep(3)", sleeper);
            cmd.ExecuteNonQuery();
        });
        using var watcher = new NpgsqlConnection(c.ConnectionString());
        watcher.Open();
        string seen = "";
        Assert.True(TuskCluster.WaitFor(() =>
        {
            using var cmd = new NpgsqlCommand(
                $"SELECT wait_event_type, wait_event, state FROM pg_stat_activity WHERE pid = {sleeper.ProcessID}", watcher);
            using var r = cmd.ExecuteReader();
            Assert.True(r.Read());
            seen = $"{r.GetValue(0)}/{r.GetValue(1)}/{r.GetValue(2)}";
            return seen == "Timeout/PgSleep/active";
        }, 2500), seen);
        using (var cmd = new NpgsqlCommand(
            $"SELECT state, xact_start IS NOT NULL FROM pg_stat_activity WHERE pid = {tx.ProcessID}", watcher))
        using (var r = cmd.ExecuteReader())
        {
            Assert.True(r.Read());
            Assert.Equal("idle in transaction", r.GetString(0));
            Assert.True(r.GetBoolean(1));
        }
        sleep.Wait();
    }
}
