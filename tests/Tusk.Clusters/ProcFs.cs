using System.Globalization;

namespace Tusk.Clusters;

/// <summary>One process as read from /proc/PID/stat.</summary>
/// <param name="StartTime">Start time in clock ticks since boot: tells a pid apart from a reused one.</param>
public readonly record struct ProcInfo(int Pid, int ParentPid, char State, ulong StartTime, string Comm);

/// <summary>Memory figures of one process from /proc/PID/smaps_rollup, in KiB.</summary>
public readonly record struct MemoryRollup(long RssKiB, long PssKiB, long PrivateKiB);

/// <summary>Small readers for Linux /proc: process table, process trees, command lines, memory rollups.</summary>
public static class ProcFs
{
    /// <summary>Reads one process; null when it is gone (or is a zombie).</summary>
    public static ProcInfo? Get(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        return Parse(text) is { State: not 'Z' and not 'X' } p ? p : null;
    }

    /// <summary>Every live process on the machine.</summary>
    public static List<ProcInfo> All()
    {
        var list = new List<ProcInfo>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && Get(pid) is { } p)
            {
                list.Add(p);
            }
        }
        return list;
    }

    /// <summary>The process and all its descendants (breadth first), from one snapshot of the process table.</summary>
    public static List<ProcInfo> Tree(int rootPid) => Tree(rootPid, All());

    public static List<ProcInfo> Tree(int rootPid, List<ProcInfo> table)
    {
        var byParent = table.ToLookup(p => p.ParentPid);
        var result = new List<ProcInfo>();
        if (table.FirstOrDefault(p => p.Pid == rootPid) is not { Pid: > 0 } root)
        {
            return result;
        }
        var queue = new Queue<ProcInfo>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            var p = queue.Dequeue();
            result.Add(p);
            foreach (var child in byParent[p.Pid])
            {
                queue.Enqueue(child);
            }
        }
        return result;
    }

    /// <summary>True while the very same process (pid and start time) still runs.</summary>
    public static bool IsAlive(ProcInfo p) => Get(p.Pid) is { } q && q.StartTime == p.StartTime;

    /// <summary>The command line with NULs turned into spaces; empty when unreadable.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').TrimEnd();
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Processes whose command line mentions <paramref name="text"/> (e.g. a data directory).</summary>
    public static List<ProcInfo> FindByCommandLine(string text) =>
        All().Where(p => p.Pid != Environment.ProcessId && CommandLine(p.Pid).Contains(text, StringComparison.Ordinal))
            .ToList();

    /// <summary>Reads /proc/PID/smaps_rollup; null when the process is gone.</summary>
    public static MemoryRollup? Memory(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/smaps_rollup");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        long rss = 0, pss = 0, priv = 0;
        foreach (string line in lines)
        {
            if (line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                rss = KiB(line);
            }
            else if (line.StartsWith("Pss:", StringComparison.Ordinal))
            {
                pss = KiB(line);
            }
            else if (line.StartsWith("Private_Clean:", StringComparison.Ordinal)
                     || line.StartsWith("Private_Dirty:", StringComparison.Ordinal))
            {
                priv += KiB(line);
            }
        }
        return lines.Length == 0 ? null : new MemoryRollup(rss, pss, priv);
    }

    /// <summary>
    /// Processes among <paramref name="pids"/> that hold an established TCP connection whose local port is
    /// <paramref name="localPort"/>: the server processes serving clients on that port.
    /// </summary>
    public static HashSet<int> ProcessesWithConnectionsOnPort(IEnumerable<int> pids, int localPort)
    {
        var inodes = new HashSet<string>();
        foreach (string table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(table);
            }
            catch (IOException)
            {
                continue;
            }
            foreach (string line in lines.Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 10 || f[3] != "01")
                {
                    continue;
                }
                string local = f[1];
                if (int.TryParse(local.AsSpan(local.LastIndexOf(':') + 1), NumberStyles.HexNumber,
                        CultureInfo.InvariantCulture, out int port) && port == localPort)
                {
                    inodes.Add($"socket:[{f[9]}]");
                }
            }
        }
        var result = new HashSet<int>();
        foreach (int pid in pids)
        {
            try
            {
                foreach (string fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target))
                    {
                        result.Add(pid);
                        break;
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return result;
    }

    /// <summary>Sends SIGKILL to the process if it is still the same one; never throws.</summary>
    public static void Kill(ProcInfo p)
    {
        if (!IsAlive(p))
        {
            return;
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(p.Pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    static long KiB(string line)
    {
        // "Pss:                1234 kB"
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long v)
            ? v
            : 0;
    }

    static ProcInfo? Parse(string stat)
    {
        // "pid (comm) S ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        //  priority nice num_threads itrealvalue starttime ..."
        int open = stat.IndexOf('(', StringComparison.Ordinal);
        int close = stat.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }
        var rest = stat[(close + 2)..].Split(' ');
        if (rest.Length < 20
            || !int.TryParse(stat.AsSpan(0, open).Trim(), CultureInfo.InvariantCulture, out int pid)
            || !int.TryParse(rest[1], CultureInfo.InvariantCulture, out int ppid)
            || !ulong.TryParse(rest[19], CultureInfo.InvariantCulture, out ulong start))
        {
            return null;
        }
        return new ProcInfo(pid, ppid, rest[0][0], start, stat[(open + 1)..close]);
    }
}
