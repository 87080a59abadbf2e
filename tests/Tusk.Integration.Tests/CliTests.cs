// The command line: initdb's files and refusals, `tusk start` creating ./tusk-data on a first run,
// ctl status/restart/reload, postmaster.pid, a second postmaster refused on the same data directory,
// SIGHUP reload semantics, and the process titles `ps` shows.
using System.Diagnostics;
using Npgsql;

namespace Tusk.Integration.Tests;

public sealed class CliTests
{
    static string Bin => TuskCluster.TuskBinary;

    [Fact]
    public void Initdb_creates_a_private_data_directory_and_refuses_a_non_empty_one()
    {
        using var c = new TuskCluster(start: false);
        var mode = File.GetUnixFileMode(c.DataDir);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, mode);
        foreach (var f in new[] { "tusk.conf", "tusk_hba.conf", "TUSK_VERSION", "global/1260", "global/1262", "base/1/1259", "base/5/1249" })
            Assert.True(File.Exists(Path.Combine(c.DataDir, f)), f);
        string conf = File.ReadAllText(Path.Combine(c.DataDir, "tusk.conf"));
        Assert.Contains("#max_connections = 100", conf);
        Assert.Contains("#shared_buffers = 128MB", conf);
        Assert.Contains("#listen_addresses = 'localhost'", conf);
        string hba = File.ReadAllText(Path.Combine(c.DataDir, "tusk_hba.conf"));
        Assert.Contains("127.0.0.1/32", hba);
        var (rc, _, err) = TuskCluster.Run(Bin, ["initdb", "-D", c.DataDir]);
        Assert.Equal(1, rc);
        Assert.Contains("exists but is not empty", err);
    }

    [Fact]
    public void Start_without_a_data_directory_creates_tusk_data_on_first_run()
    {
        string cwd = Path.Combine(Path.GetTempPath(), "tusk-first-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(cwd);
        int port = new Random().Next(20000, 30000);
        var psi = new ProcessStartInfo(Bin) { WorkingDirectory = cwd, UseShellExecute = false, RedirectStandardError = true };
        psi.ArgumentList.Add("start");
        psi.ArgumentList.Add("-p");
        psi.ArgumentList.Add(port.ToString());
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("unix_socket_directories=" + cwd);
        psi.Environment.Remove("TUSKDATA");
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            string pidFile = Path.Combine(cwd, "tusk-data", "postmaster.pid");
            Assert.True(TuskCluster.WaitFor(() => File.Exists(pidFile) && File.ReadAllLines(pidFile).Length >= 8
                && File.ReadAllLines(pidFile)[7].Trim() == "ready", 20000), "server did not become ready");
            using (var conn = new NpgsqlConnection(
                $"Host=127.0.0.1;Port={port};Username={Environment.UserName};Database=postgres;Pooling=false;Server Compatibility Mode=NoTypeLoading"))
                conn.Open();
            var lines = File.ReadAllLines(pidFile);
            Assert.Equal(p.Id.ToString(), lines[0]);
            Assert.Equal(Path.Combine(cwd, "tusk-data"), lines[1]);
            Assert.Equal(port.ToString(), lines[3]);
            Assert.Equal(cwd, lines[4]);
            Assert.Equal("localhost", lines[5]);
            Assert.Contains((port * 1000L + 1).ToString(), lines[6]);
        }
        finally
        {
            Process.Start("kill", ["-INT", p.Id.ToString()])!.WaitForExit();
            Assert.True(p.WaitForExit(10000));
            Directory.Delete(cwd, true);
        }
        Assert.Equal(0, p.ExitCode);
        Assert.Contains("database system is shut down", stderr.Result);
    }

    [Fact]
    public void Second_postmaster_on_the_same_data_directory_is_refused()
    {
        using var c = new TuskCluster();
        var (rc, _, _) = TuskCluster.Run(Bin, ["start", "-D", c.DataDir, "-p", (c.Port + 1).ToString()]);
        Assert.Equal(1, rc);
        Assert.Contains("lock file \"postmaster.pid\" already exists", c.ReadLog() + TuskCluster.Run(Bin,
            ["start", "-D", c.DataDir, "-p", (c.Port + 1).ToString()]).Error);
        Assert.True(TuskCluster.ProcessAlive(c.PostmasterPid));
    }

    [Fact]
    public void Ctl_status_restart_and_reload()
    {
        using var c = new TuskCluster();
        var st = TuskCluster.Run(Bin, ["ctl", "status", "-D", c.DataDir]);
        Assert.Equal(0, st.ExitCode);
        Assert.Contains($"server is running (PID: {c.PostmasterPid})", st.Output);

        // Reload: a sighup setting changes in running and new sessions; a postmaster one only logs.
        using var before = new NpgsqlConnection(c.ConnectionString());
        before.Open();
        File.AppendAllText(Path.Combine(c.DataDir, "tusk.conf"),
            "statement_timeout = 4321\nmax_connections = 7\n");
        Assert.Equal(0, TuskCluster.Run(Bin, ["ctl", "reload", "-D", c.DataDir]).ExitCode);
        Assert.True(TuskCluster.WaitFor(() =>
            c.ReadLog().Contains("parameter \"max_connections\" cannot be changed without restarting the server"), 30_000));
        // The reload reaches the children asynchronously (SIGHUP relayed by the postmaster), as in PostgreSQL.
        Assert.True(TuskCluster.WaitFor(() =>
        {
            using var conn = new NpgsqlConnection(c.ConnectionString());
            conn.Open();
            using var cmd = new NpgsqlCommand("SHOW statement_timeout", conn);
            return (string)cmd.ExecuteScalar()! == "4321ms";
        }, 30_000));
        using (var conn = new NpgsqlConnection(c.ConnectionString()))
        {
            conn.Open();
            using var mc = new NpgsqlCommand("SHOW max_connections", conn);
            Assert.Equal("100", mc.ExecuteScalar());
        }
        Assert.True(TuskCluster.WaitFor(() =>
        {
            using var cmd = new NpgsqlCommand("SHOW statement_timeout", before);
            return (string)cmd.ExecuteScalar()! == "4321ms";
        }, 30_000));

        int oldPid = c.PostmasterPid;
        var rs = TuskCluster.Run(Bin, ["ctl", "restart", "-D", c.DataDir, "-l", c.LogFile]);
        Assert.True(rs.ExitCode == 0, rs.Output + rs.Error);
        int newPid = int.Parse(File.ReadAllLines(Path.Combine(c.DataDir, "postmaster.pid"))[0]);
        Assert.NotEqual(oldPid, newPid);
        Assert.False(TuskCluster.ProcessAlive(oldPid));
        using (var conn = new NpgsqlConnection(c.ConnectionString()))
        {
            conn.Open();
            using var mc = new NpgsqlCommand("SHOW max_connections", conn);
            Assert.Equal("7", mc.ExecuteScalar());
        }
        var stop = TuskCluster.Run(Bin, ["ctl", "stop", "-D", c.DataDir]);
        Assert.Equal(0, stop.ExitCode);
        var st2 = TuskCluster.Run(Bin, ["ctl", "status", "-D", c.DataDir]);
        Assert.Equal(3, st2.ExitCode);
        Assert.Contains("no server running", st2.Output);
    }

    [Fact]
    public void Reloads_while_backends_start_never_crash_the_cluster()
    {
        using var c = new TuskCluster(["backend_pool_size = 2"]);
        var pm = Process.GetProcessById(c.PostmasterPid);
        for (int i = 0; i < 40; i++)
        {
            // SIGHUP straight to the postmaster, relayed to children that may be starting right now.
            Process.Start("kill", ["-HUP", c.PostmasterPid.ToString()])!.WaitForExit();
            using var conn = new NpgsqlConnection(c.ConnectionString());
            conn.Open();
        }
        Thread.Sleep(300);
        Assert.False(pm.HasExited);
        string log = c.ReadLog();
        Assert.DoesNotContain("terminating any other active server processes", log);
        Assert.DoesNotContain("was terminated by signal", log);
    }

    [Fact]
    public void Every_process_shows_its_role_in_ps()
    {
        using var c = new TuskCluster();
        using var conn = new NpgsqlConnection(c.ConnectionString());
        conn.Open();
        var titles = c.ChildPids().Select(pid =>
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            }
            catch (IOException)
            {
                return "";
            }
        }).ToList();
        foreach (var role in new[] { "tusk: checkpointer", "tusk: background writer", "tusk: walwriter",
                     "tusk: autovacuum launcher", "tusk: logical replication launcher", "tusk: backend (idle, pooled)" })
            Assert.Contains(titles, t => t.StartsWith(role, StringComparison.Ordinal));
        string mine = File.ReadAllText($"/proc/{conn.ProcessID}/cmdline").Replace('\0', ' ').Trim();
        Assert.StartsWith("tusk: postgres postgres 127.0.0.1(", mine);
        Assert.Equal("tusk: postgres ", File.ReadAllText($"/proc/{conn.ProcessID}/comm").TrimEnd('\n'));
    }
}
