// postmaster.pid (miscinit.c CreateLockFile/AddToDataDirLockFile): written by the running postmaster,
// read by `tusk ctl`. Lines, as PostgreSQL writes them:
//   1 pid  2 data directory  3 start time (epoch s)  4 port  5 first socket directory
//   6 first listen address  7 shared memory key and id  8 status (starting, ready, stopping)
using System.Globalization;
using Tusk.Storage.Port;

namespace Tusk.Postmaster;

/// <summary>Reading and writing the data directory's postmaster.pid lock file.</summary>
public sealed class PidFile
{
    public const string FileName = "postmaster.pid";
    public const string StatusStarting = "starting";
    public const string StatusReady = "ready   ";
    public const string StatusStopping = "stopping";

    public int Pid { get; init; }
    public string DataDir { get; init; } = "";
    public long StartTime { get; init; }
    public int Port { get; init; }
    public string SocketDir { get; init; } = "";
    public string ListenAddress { get; init; } = "";
    public string ShmemKey { get; init; } = "";
    public string Status { get; set; } = StatusStarting;

    public static string PathIn(string dataDir) => Path.Combine(dataDir, FileName);

    public static PidFile? Read(string dataDir)
    {
        string path = PathIn(dataDir);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return null;
        }
        if (lines.Length < 1 || !int.TryParse(lines[0].Trim(), CultureInfo.InvariantCulture, out int pid))
            return null;
        string L(int i) => lines.Length > i ? lines[i] : "";
        return new PidFile
        {
            Pid = pid,
            DataDir = L(1),
            StartTime = long.TryParse(L(2), CultureInfo.InvariantCulture, out long t) ? t : 0,
            Port = int.TryParse(L(3), CultureInfo.InvariantCulture, out int port) ? port : 0,
            SocketDir = L(4),
            ListenAddress = L(5),
            ShmemKey = L(6),
            Status = L(7).Trim(),
        };
    }

    public void Write(string dataDir)
    {
        string text = string.Join('\n', Pid.ToString(CultureInfo.InvariantCulture), DataDir,
            StartTime.ToString(CultureInfo.InvariantCulture), Port.ToString(CultureInfo.InvariantCulture),
            SocketDir, ListenAddress, ShmemKey, Status) + "\n";
        string path = PathIn(dataDir);
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>True when a process with this pid exists (kill(pid, 0)) and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0 || (Libc.Kill(pid, 0) != 0 && Libc.Errno == Libc.ESrch))
            return false;
        try
        {
            // A killed postmaster whose parent has not reaped it yet is a zombie: dead for our purposes.
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
