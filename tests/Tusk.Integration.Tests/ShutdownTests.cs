// Smart, fast and immediate shutdown each leave no process, no shared memory segment, no socket file and no
// postmaster.pid behind; smart waits for clients, fast disconnects them.
using Npgsql;

namespace Tusk.Integration.Tests;

public sealed class ShutdownTests
{
    static void AssertNothingLeft(TuskCluster c, List<int> children)
    {
        Assert.True(TuskCluster.WaitFor(() => children.All(p => !TuskCluster.ProcessAlive(p))
            && !TuskCluster.ProcessAlive(c.PostmasterPid), 5000), "processes left after shutdown");
        Assert.False(File.Exists(c.ShmemPath), "shared memory segment left behind");
        Assert.False(File.Exists(Path.Combine(c.SocketDir, $".s.PGSQL.{c.Port}")), "socket file left behind");
        Assert.False(File.Exists(Path.Combine(c.DataDir, "postmaster.pid")), "postmaster.pid left behind");
    }

    [Theory]
    [InlineData("smart")]
    [InlineData("fast")]
    [InlineData("immediate")]
    public void Shutdown_leaves_nothing_behind(string mode)
    {
        using var c = new TuskCluster();
        using (var conn = new NpgsqlConnection(c.ConnectionString()))
            conn.Open();
        var children = c.ChildPids();
        Assert.True(children.Count >= 5);
        var (rc, output, err) = c.Stop(mode);
        Assert.True(rc == 0, output + err + c.ReadLog());
        AssertNothingLeft(c, children);
    }

    [Fact]
    public void Smart_shutdown_waits_for_clients_and_fast_disconnects_them()
    {
        using var c = new TuskCluster();
        using var conn = new NpgsqlConnection(c.ConnectionString());
        conn.Open();
        var children = c.ChildPids();
        var r = TuskCluster.Run(TuskCluster.TuskBinary, ["ctl", "stop", "-D", c.DataDir, "-m", "smart", "-W"]);
        Assert.Equal(0, r.ExitCode);
        Thread.Sleep(500);
        Assert.True(TuskCluster.ProcessAlive(c.PostmasterPid), "smart shutdown did not wait for the client");
        // New connections are refused while it waits.
        var ex = Assert.Throws<PostgresException>(() =>
        {
            using var c2 = new NpgsqlConnection(c.ConnectionString());
            c2.Open();
        });
        Assert.Equal("57P03", ex.SqlState);
        var (rc, _, _) = c.Stop("fast");
        Assert.Equal(0, rc);
        AssertNothingLeft(c, children);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("immediate")]
    public void A_server_started_with_SIGINT_and_SIGQUIT_ignored_still_obeys_them(string mode)
    {
        // What a background job of a non-interactive shell (a CI script, nohup) passes on to its children.
        using var c = new TuskCluster(start: false);
        var psi = new System.Diagnostics.ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"trap '' INT QUIT; exec '{TuskCluster.TuskBinary}' start -D '{c.DataDir}' 2>'{c.LogFile}'");
        using var server = System.Diagnostics.Process.Start(psi)!;
        try
        {
            string pidFile = Path.Combine(c.DataDir, "postmaster.pid");
            // Ready (status line 8) once the startup process has finished; until then clients get 57P03.
            Assert.True(TuskCluster.WaitFor(() => File.Exists(pidFile) && File.ReadAllLines(pidFile) is { Length: >= 8 } l
                && l[7].StartsWith("ready", StringComparison.Ordinal), 30_000), c.ReadLog());
            c.AdoptPostmaster();
            using (var conn = new NpgsqlConnection(c.ConnectionString()))
                conn.Open();
            var children = c.ChildPids();
            var (rc, output, err) = c.Stop(mode);
            Assert.True(rc == 0, output + err + c.ReadLog());
            Assert.True(server.WaitForExit(10_000), "the postmaster ignored the signal");
            AssertNothingLeft(c, children);
        }
        finally
        {
            if (!server.HasExited)
                server.Kill(entireProcessTree: true);
        }
    }
}
