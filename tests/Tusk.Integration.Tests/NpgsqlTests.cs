// Npgsql against Tusk: connect without type loading, a parameterised query through the extended
// protocol in binary, transactions, and NpgsqlCommand.Cancel() stopping pg_sleep with 57014 within a second.
using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Tusk.Integration.Tests;

public sealed class NpgsqlTests : IClassFixture<NpgsqlTests.Cluster>
{
    public sealed class Cluster : IDisposable
    {
        public TuskCluster C { get; } = new();

        public void Dispose() => C.Dispose();
    }

    readonly TuskCluster _c;

    public NpgsqlTests(Cluster f) => _c = f.C;

    NpgsqlConnection Open()
    {
        var conn = new NpgsqlConnection(_c.ConnectionString());
        conn.Open();
        return conn;
    }

    [Fact]
    public void Parameterised_query_through_the_extended_protocol()
    {
        using var conn = Open();
        using var cmd = new NpgsqlCommand("SELECT $1 + 1, $2, $3::bigint * 2", conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = 41, NpgsqlDbType = NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter { Value = "hi", NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = 10_000_000_000L, NpgsqlDbType = NpgsqlDbType.Bigint });
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(42, r.GetInt32(0));
        Assert.Equal("hi", r.GetString(1));
        Assert.Equal(20_000_000_000L, r.GetInt64(2));
        Assert.False(r.Read());
    }

    [Fact]
    public void Prepared_statement_reused_with_new_parameters()
    {
        using var conn = Open();
        using var cmd = new NpgsqlCommand("SELECT $1::int * $1::int", conn);
        var p = cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = 0 });
        cmd.Prepare();
        for (int i = 1; i <= 5; i++)
        {
            p.Value = i;
            Assert.Equal(i * i, cmd.ExecuteScalar());
        }
    }

    [Fact]
    public void Values_of_several_types_in_binary()
    {
        using var conn = Open();
        using var cmd = new NpgsqlCommand(
            "SELECT true, 1.5::float8, 12.345::numeric, 'x'::text, now(), pg_backend_pid(), version()", conn);
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.True(r.GetBoolean(0));
        Assert.Equal(1.5, r.GetDouble(1));
        Assert.Equal(12.345m, r.GetDecimal(2));
        Assert.Equal("x", r.GetString(3));
        Assert.True(Math.Abs((DateTime.UtcNow - r.GetDateTime(4).ToUniversalTime()).TotalMinutes) < 5);
        Assert.Equal(conn.ProcessID, r.GetInt32(5));
        Assert.StartsWith("PostgreSQL 15", r.GetString(6));
    }

    [Fact]
    public void Transactions_and_errors()
    {
        using var conn = Open();
        using (var tx = conn.BeginTransaction())
        {
            using var cmd = new NpgsqlCommand("SELECT now() = now()", conn, tx);
            Assert.Equal(true, cmd.ExecuteScalar());
            tx.Commit();
        }
        using (var bad = new NpgsqlCommand("SELECT 1/0", conn))
        {
            var e = Assert.Throws<PostgresException>(() => bad.ExecuteScalar());
            Assert.Equal("22012", e.SqlState);
        }
        using (var ok = new NpgsqlCommand("SELECT 7", conn))
            Assert.Equal(7, ok.ExecuteScalar());
    }

    [Fact]
    public void Cancel_stops_pg_sleep_within_a_second()
    {
        using var conn = Open();
        using var cmd = new NpgsqlCommand("select pg_sleep(30)", conn);
        var sw = new Stopwatch();
        var task = Task.Run(() =>
        {
            // Npgsql reports a cancellation it asked for as OperationCanceledException around the server's error.
            var e = Assert.Throws<OperationCanceledException>(() => cmd.ExecuteNonQuery());
            return Assert.IsType<PostgresException>(e.InnerException);
        });
        // Cancel only once the statement is really sleeping (Npgsql ignores Cancel() before it is sent).
        using (var watcher = Open())
            Assert.True(TuskCluster.WaitFor(() =>
            {
                using var q = new NpgsqlCommand(
                    $"SELECT count(*) FROM pg_stat_activity WHERE pid = {conn.ProcessID} AND wait_event = 'PgSleep'", watcher);
                return (long)q.ExecuteScalar()! == 1;
            }, 10000));
        sw.Start();
        cmd.Cancel();
        var ex = task.Result;
        sw.Stop();
        Assert.Equal("57014", ex.SqlState);
        Assert.Equal("canceling statement due to user request", ex.MessageText);
        Assert.True(sw.ElapsedMilliseconds < 1000, $"cancel took {sw.ElapsedMilliseconds} ms");
        // The session is still usable.
        using var again = new NpgsqlCommand("SELECT 1", conn);
        Assert.Equal(1, again.ExecuteScalar());
    }

    [Fact]
    public void Pg_cancel_backend_cancels_another_sessions_statement()
    {
        using var victim = Open();
        using var other = Open();
        var task = Task.Run(() =>
        {
            using var cmd = new NpgsqlCommand("SELECT pg_sleep(30)", victim);
            return Assert.Throws<PostgresException>(() => cmd.ExecuteNonQuery());
        });
        Assert.True(TuskCluster.WaitFor(() =>
        {
            using var q = new NpgsqlCommand(
                $"SELECT count(*) FROM pg_stat_activity WHERE pid = {victim.ProcessID} AND wait_event = 'PgSleep'", other);
            return (long)q.ExecuteScalar()! == 1;
        }, 10000), Activity(other) + " victim=" + victim.ProcessID + " task=" + task.Status + (task.IsCompletedSuccessfully ? task.Result.Message : ""));
        using (var cancel = new NpgsqlCommand($"SELECT pg_cancel_backend({victim.ProcessID})", other))
            Assert.Equal(true, cancel.ExecuteScalar());
        Assert.True(task.Wait(5000));
        Assert.Equal("57014", task.Result.SqlState);
        using (var notBackend = new NpgsqlCommand("SELECT pg_cancel_backend(1)", other))
            Assert.Equal(false, notBackend.ExecuteScalar());
        using var again = new NpgsqlCommand("SELECT 1", victim);
        Assert.Equal(1, again.ExecuteScalar());
    }

    static string Activity(NpgsqlConnection conn)
    {
        using var q = new NpgsqlCommand("SELECT pid, state, wait_event, query FROM pg_stat_activity", conn);
        using var r = q.ExecuteReader();
        var sb = new System.Text.StringBuilder();
        while (r.Read())
            sb.Append($"[{r.GetValue(0)} {r.GetValue(1)} {r.GetValue(2)} {r.GetValue(3)}] ");
        return sb.ToString();
    }

    [Fact]
    public void Statement_timeout_cancels_with_57014()
    {
        using var conn = Open();
        using (var set = new NpgsqlCommand("SET statement_timeout = 200", conn))
            set.ExecuteNonQuery();
        using var cmd = new NpgsqlCommand("select pg_sleep(10)", conn);
        var e = Assert.Throws<PostgresException>(() => cmd.ExecuteNonQuery());
        Assert.Equal("57014", e.SqlState);
        Assert.Equal("canceling statement due to statement timeout", e.MessageText);
    }

    [Fact]
    public void Terminate_backend_ends_the_other_session_with_57P01()
    {
        using var victim = Open();
        using var killer = Open();
        using (var cmd = new NpgsqlCommand("SELECT pg_terminate_backend($1)", killer))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = victim.ProcessID, NpgsqlDbType = NpgsqlDbType.Integer });
            Assert.Equal(true, cmd.ExecuteScalar());
        }
        Assert.True(TuskCluster.WaitFor(() => !TuskCluster.ProcessAlive(victim.ProcessID), 3000));
        var e = Assert.ThrowsAny<NpgsqlException>(() =>
        {
            using var cmd = new NpgsqlCommand("SELECT 1", victim);
            cmd.ExecuteScalar();
        });
        Assert.Equal("57P01", Assert.IsType<PostgresException>(e).SqlState);
    }

    [Fact]
    public void Settings_reported_through_parameter_status()
    {
        using var conn = Open();
        Assert.StartsWith("15.0", conn.PostgreSqlVersion.ToString());
        Assert.Equal("UTF8", conn.PostgresParameters["server_encoding"]);
        Assert.Equal("on", conn.PostgresParameters["integer_datetimes"]);
        Assert.Equal("on", conn.PostgresParameters["is_superuser"]);
        using (var cmd = new NpgsqlCommand("SET application_name = 'app1'", conn))
            cmd.ExecuteNonQuery();
        Assert.Equal("app1", conn.PostgresParameters["application_name"]);
    }
}
