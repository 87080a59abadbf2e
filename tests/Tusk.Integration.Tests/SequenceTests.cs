// Sequences end to end: concurrent nextval from several backends never hands out a value twice (the buffer
// content lock serializes them, CACHE or not), and after a kill -9 of the postmaster crash recovery brings every
// sequence past the values committed transactions received (the WAL logs ahead; a checkpoint in between forces a
// new record), so no value is handed out again; serial columns keep counting up.
using System.Diagnostics;
using Npgsql;

namespace Tusk.Integration.Tests;

public sealed class SequenceTests
{
    static long Scalar(NpgsqlConnection conn, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    static void Exec(NpgsqlConnection conn, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, conn);
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public void Concurrent_nextval_from_several_backends_never_repeats_a_value()
    {
        using var c = new TuskCluster();
        using (var conn = new NpgsqlConnection(c.ConnectionString()))
        {
            conn.Open();
            Exec(conn, "CREATE SEQUENCE conc_s; CREATE SEQUENCE conc_c CACHE 7");
        }
        const int Backends = 4, Calls = 300;
        var values = new List<long>[Backends];
        var threads = new Thread[Backends];
        for (int b = 0; b < Backends; b++)
        {
            int me = b;
            values[me] = [];
            threads[me] = new Thread(() =>
            {
                using var conn = new NpgsqlConnection(c.ConnectionString());
                conn.Open();
                for (int i = 0; i < Calls; i++)
                    values[me].Add(Scalar(conn, i % 2 == 0 ? "SELECT nextval('conc_s')" : "SELECT nextval('conc_c')"));
            });
            threads[me].Start();
        }
        foreach (var t in threads)
            t.Join();
        var plain = values.SelectMany(v => v.Where((_, i) => i % 2 == 0)).ToList();
        var cached = values.SelectMany(v => v.Where((_, i) => i % 2 == 1)).ToList();
        Assert.Equal(plain.Count, plain.Distinct().Count());
        Assert.Equal(cached.Count, cached.Distinct().Count());
        // Without a cache the values are exactly 1..N; each backend's own values always increase.
        Assert.Equal(Enumerable.Range(1, plain.Count).Select(i => (long)i), plain.Order());
        foreach (var v in values)
            Assert.Equal(v.Where((_, i) => i % 2 == 1).Order(), v.Where((_, i) => i % 2 == 1));
    }

    [Fact]
    public void Nextval_values_are_not_handed_out_again_after_a_postmaster_kill_9()
    {
        using var c = new TuskCluster();
        long lastPlain, lastCached, lastSerial;
        using (var conn = new NpgsqlConnection(c.ConnectionString()))
        {
            conn.Open();
            Exec(conn, "CREATE SEQUENCE crash_s; CREATE SEQUENCE crash_c CACHE 10; " +
                       "CREATE TABLE crash_t (id serial, note text)");
            for (int i = 0; i < 5; i++)
                Scalar(conn, "SELECT nextval('crash_s')");
            Exec(conn, "CHECKPOINT");
            // The first change after the checkpoint logs again; the ones after it ride on that record.
            for (int i = 0; i < 40; i++)
                Scalar(conn, "SELECT nextval('crash_s')");
            lastPlain = Scalar(conn, "SELECT nextval('crash_s')");
            lastCached = Scalar(conn, "SELECT nextval('crash_c')");
            for (int i = 0; i < 3; i++)
                Exec(conn, "INSERT INTO crash_t (note) VALUES ('before')");
            lastSerial = Scalar(conn, "SELECT max(id) FROM crash_t");
        }
        Assert.Equal(46, lastPlain);
        Assert.Equal(3, lastSerial);

        var children = c.ChildPids();
        Process.GetProcessById(c.PostmasterPid).Kill();
        Assert.True(TuskCluster.WaitFor(() => children.All(p => !TuskCluster.ProcessAlive(p)), 5000),
            "children survived the postmaster");
        int before = c.ReadLog().Length;
        c.Start();
        Assert.Contains("automatic recovery in progress", c.ReadLog()[before..]);

        using var after = new NpgsqlConnection(c.ConnectionString());
        after.Open();
        Assert.True(Scalar(after, "SELECT nextval('crash_s')") > lastPlain);
        Assert.True(Scalar(after, "SELECT nextval('crash_c')") > lastCached);
        Exec(after, "INSERT INTO crash_t (note) VALUES ('after')");
        Assert.True(Scalar(after, "SELECT id FROM crash_t WHERE note = 'after'") > lastSerial);
        Assert.Equal(4, Scalar(after, "SELECT count(*) FROM crash_t"));
    }
}
