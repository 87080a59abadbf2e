// Many connections: 100 concurrent clients are served, each by its own backend process; with
// max_connections = N the connection after N gets FATAL 53300 "sorry, too many clients already".
using Npgsql;

namespace Tusk.Integration.Tests;

public sealed class ConnectionTests
{
    [Fact]
    public void Hundred_concurrent_connections_each_get_a_process()
    {
        using var c = new TuskCluster(["max_connections = 110"]);
        var conns = new List<NpgsqlConnection>();
        try
        {
            Parallel.For(0, 100, new ParallelOptions { MaxDegreeOfParallelism = 16 }, _ =>
            {
                var conn = new NpgsqlConnection(c.ConnectionString());
                conn.Open();
                lock (conns)
                    conns.Add(conn);
            });
            Assert.Equal(100, conns.Count);
            Assert.Equal(100, conns.Select(x => x.ProcessID).Distinct().Count());
            foreach (var conn in conns)
            {
                using var cmd = new NpgsqlCommand("SELECT 1", conn);
                Assert.Equal(1, cmd.ExecuteScalar());
            }
        }
        finally
        {
            foreach (var conn in conns)
                conn.Dispose();
        }
    }

    [Fact]
    public void Connection_past_max_connections_gets_53300()
    {
        const int n = 5;
        using var c = new TuskCluster([$"max_connections = {n}", "superuser_reserved_connections = 0"]);
        var conns = new List<NpgsqlConnection>();
        try
        {
            for (int i = 0; i < n; i++)
            {
                var conn = new NpgsqlConnection(c.ConnectionString());
                conn.Open();
                conns.Add(conn);
            }
            var ex = Assert.Throws<PostgresException>(() =>
            {
                using var extra = new NpgsqlConnection(c.ConnectionString());
                extra.Open();
            });
            Assert.Equal("53300", ex.SqlState);
            Assert.Equal("sorry, too many clients already", ex.MessageText);
            // A slot freed is a slot usable again.
            conns[0].Dispose();
            conns.RemoveAt(0);
            Assert.True(TuskCluster.WaitFor(() =>
            {
                try
                {
                    using var again = new NpgsqlConnection(c.ConnectionString());
                    again.Open();
                    return true;
                }
                catch (PostgresException)
                {
                    return false;
                }
            }, 5000));
        }
        finally
        {
            foreach (var conn in conns)
                conn.Dispose();
        }
    }
}
