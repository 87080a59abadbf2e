// Crash handling as in PostgreSQL: kill -9 of a backend makes the postmaster terminate every other process
// (their clients get FATAL 57P02), reinitialise and run the startup process (crash recovery) before it accepts
// connections again; kill -9 of a background process brings it back; kill -9 of the postmaster leaves no child
// alive, and the next start recovers. A clean stop leaves a shutdown checkpoint: the next start replays nothing.
using System.Diagnostics;
using Npgsql;

namespace Tusk.Integration.Tests;

public sealed class CrashTests
{
    static int? FindByTitle(TuskCluster c, string title)
    {
        foreach (var pid in c.ChildPids())
        {
            try
            {
                string cmd = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
                if (cmd.StartsWith(title, StringComparison.Ordinal))
                    return pid;
            }
            catch (IOException)
            {
            }
        }
        return null;
    }

    static bool CanConnect(TuskCluster c)
    {
        try
        {
            using var conn = new NpgsqlConnection(c.ConnectionString(extra: ";Timeout=2"));
            conn.Open();
            using var cmd = new NpgsqlCommand("SELECT 1", conn);
            return (int)cmd.ExecuteScalar()! == 1;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    [Fact]
    public void Kill_9_of_a_backend_resets_the_others_with_57P02_and_service_resumes()
    {
        using var c = new TuskCluster();
        using var victim = new NpgsqlConnection(c.ConnectionString());
        victim.Open();
        using var other = new NpgsqlConnection(c.ConnectionString());
        other.Open();
        int otherPid = other.ProcessID;
        Assert.NotEqual(victim.ProcessID, otherPid);

        Process.GetProcessById(victim.ProcessID).Kill();
        var sw = Stopwatch.StartNew();
        Assert.True(TuskCluster.WaitFor(() => !TuskCluster.ProcessAlive(otherPid), 5000),
            "the other backend was not terminated");
        var ex = Assert.ThrowsAny<NpgsqlException>(() =>
        {
            using var cmd = new NpgsqlCommand("SELECT 1", other);
            cmd.ExecuteScalar();
        });
        var pg = Assert.IsType<PostgresException>(ex);
        Assert.Equal("57P02", pg.SqlState);

        Assert.True(TuskCluster.WaitFor(() => CanConnect(c), 2000 - (int)Math.Min(sw.ElapsedMilliseconds, 1000)),
            "no new connection within 2 s of the crash\n" + c.ReadLog());
        string log = c.ReadLog();
        Assert.Contains("terminating any other active server processes", log);
        Assert.Contains("all server processes terminated; reinitializing", log);
        // The startup process ran recovery before connections were accepted again.
        string after = log[log.IndexOf("reinitializing", StringComparison.Ordinal)..];
        Assert.Contains("startup LOG:  database system was interrupted; last known up at", after);
        Assert.Contains("database system was not properly shut down; automatic recovery in progress", after);
        Assert.True(after.IndexOf("end-of-recovery", StringComparison.Ordinal)
            < after.IndexOf("database system is ready to accept connections", StringComparison.Ordinal), after);
    }

    [Theory]
    [InlineData("tusk: checkpointer")]
    [InlineData("tusk: background writer")]
    [InlineData("tusk: walwriter")]
    [InlineData("tusk: autovacuum launcher")]
    [InlineData("tusk: logical replication launcher")]
    public void Kill_9_of_a_background_process_brings_it_back(string title)
    {
        using var c = new TuskCluster();
        int? pid = null;
        Assert.True(TuskCluster.WaitFor(() => (pid = FindByTitle(c, title)) != null, 5000), title + " not running");
        Process.GetProcessById(pid!.Value).Kill();
        int? again = null;
        Assert.True(TuskCluster.WaitFor(() => (again = FindByTitle(c, title)) is { } p && p != pid, 2000),
            title + " not back within 2 s\n" + c.ReadLog());
        Assert.True(TuskCluster.WaitFor(() => CanConnect(c), 2000));
    }

    [Fact]
    public void Kill_9_of_the_postmaster_leaves_no_child_and_a_restart_works()
    {
        using var c = new TuskCluster();
        using (var conn = new NpgsqlConnection(c.ConnectionString()))
            conn.Open();
        using var held = new NpgsqlConnection(c.ConnectionString());
        held.Open();
        var children = c.ChildPids();
        Assert.True(children.Count >= 6);
        Process.GetProcessById(c.PostmasterPid).Kill();
        Assert.True(TuskCluster.WaitFor(() => children.All(p => !TuskCluster.ProcessAlive(p)), 2000),
            "children survived the postmaster for more than 2 s");
        // Stale postmaster.pid and segment of a dead postmaster do not block a new start, which recovers.
        int before = c.ReadLog().Length;
        c.Start();
        Assert.True(CanConnect(c));
        string restart = c.ReadLog()[before..];
        Assert.Contains("database system was interrupted; last known up at", restart);
        Assert.Contains("automatic recovery in progress", restart);
    }

    [Fact]
    public void Committed_rows_and_tables_survive_a_postmaster_kill_9_and_open_transactions_vanish()
    {
        using var c = new TuskCluster();
        using (var conn = new NpgsqlConnection(c.ConnectionString()))
        {
            conn.Open();
            using var cmd = new NpgsqlCommand(
                "CREATE TABLE dur_t (id int, note text); INSERT INTO dur_t SELECT 1, 'committed'", conn);
            cmd.ExecuteNonQuery();
            using var more = new NpgsqlCommand("INSERT INTO dur_t VALUES (2, 'also committed')", conn);
            more.ExecuteNonQuery();
        }
        using var open = new NpgsqlConnection(c.ConnectionString());
        open.Open();
        using (var tx = new NpgsqlCommand("BEGIN; CREATE TABLE dur_gone (x int); INSERT INTO dur_t VALUES (3, 'open')",
                   open))
            tx.ExecuteNonQuery();
        var children = c.ChildPids();
        Process.GetProcessById(c.PostmasterPid).Kill();
        Assert.True(TuskCluster.WaitFor(() => children.All(p => !TuskCluster.ProcessAlive(p)), 5000));
        c.Start();
        using var after = new NpgsqlConnection(c.ConnectionString());
        after.Open();
        using var q = new NpgsqlCommand("SELECT id, note FROM dur_t ORDER BY id", after);
        var rows = new List<string>();
        using (var r = q.ExecuteReader())
            while (r.Read())
                rows.Add($"{r.GetInt32(0)}:{r.GetString(1)}");
        Assert.Equal(["1:committed", "2:also committed"], rows);
        using var gone = new NpgsqlCommand("SELECT * FROM dur_gone", after);
        var e = Assert.Throws<PostgresException>(() => gone.ExecuteNonQuery());
        Assert.Equal("42P01", e.SqlState);
    }

    [Fact]
    public void A_clean_stop_leaves_a_shutdown_checkpoint_and_the_next_start_replays_nothing()
    {
        using var c = new TuskCluster(["log_checkpoints=on"]);
        Assert.True(CanConnect(c));
        Assert.Equal(0, c.Stop().ExitCode);
        Assert.Contains("checkpoint starting: shutdown immediate", c.ReadLog());
        // tusk controldata: a shutdown checkpoint is its own redo point.
        var (rc, control, _) = TuskCluster.Run(TuskCluster.TuskBinary, ["controldata", "-D", c.DataDir]);
        Assert.Equal(0, rc);
        Assert.Contains("Database cluster state:               shut down", control);
        string Field(string label) => control.Split('\n').Single(l => l.StartsWith(label + ":", StringComparison.Ordinal))[38..].Trim();
        Assert.Equal(Field("Latest checkpoint location"), Field("Latest checkpoint's REDO location"));
        int before = c.ReadLog().Length;
        c.Start();
        Assert.True(CanConnect(c));
        string restart = c.ReadLog()[before..];
        Assert.Contains("startup LOG:  database system was shut down at", restart);
        Assert.DoesNotContain("redo", restart);
        Assert.DoesNotContain("recovery", restart);
    }

    [Fact]
    public void A_damaged_control_file_stops_the_start_with_a_clear_error()
    {
        using var c = new TuskCluster();
        Assert.Equal(0, c.Stop().ExitCode);
        string control = Path.Combine(c.DataDir, "global", "pg_control");
        var bytes = File.ReadAllBytes(control);
        bytes[40] ^= 0xFF; // inside the checkpoint location, covered by the CRC
        File.WriteAllBytes(control, bytes);
        var (rc, _, _) = TuskCluster.Run(TuskCluster.TuskBinary, ["ctl", "start", "-D", c.DataDir, "-l", c.LogFile]);
        Assert.NotEqual(0, rc);
        Assert.True(TuskCluster.WaitFor(() => c.ReadLog().Contains("aborting startup due to startup process failure",
            StringComparison.Ordinal), 10_000), c.ReadLog());
        string log = c.ReadLog();
        Assert.Contains("startup FATAL:  incorrect checksum in control file", log);
        Assert.True(TuskCluster.WaitFor(() => !File.Exists(c.ShmemPath), 5000), "shared memory left behind");
    }
}
