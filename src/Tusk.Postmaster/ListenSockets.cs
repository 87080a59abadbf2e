// Listen sockets (pqcomm.c StreamServerPort): TCP on each of listen_addresses and a Unix socket
// <dir>/.s.PGSQL.<port> in each of unix_socket_directories, with its .lock file holding the postmaster pid.
// The postmaster only accepts on them (raw accept4) and hands the descriptor on; it never reads client data.
using System.Net;
using System.Net.Sockets;
using Tusk.Common.Elog;
using Tusk.Common.Errors;

namespace Tusk.Postmaster;

/// <summary>The postmaster's listening sockets.</summary>
public sealed class ListenSockets : IDisposable
{
    readonly List<Socket> _sockets = [];
    readonly List<string> _unixPaths = [];

    public IReadOnlyList<Socket> Sockets => _sockets;

    public static string UnixSocketPath(string dir, int port) => Path.Combine(dir, $".s.PGSQL.{port}");

    public void OpenTcp(string listenAddresses, int port)
    {
        var addrs = new List<IPAddress>();
        foreach (var raw in listenAddresses.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw == "*")
            {
                addrs.Add(IPAddress.Any);
                addrs.Add(IPAddress.IPv6Any);
            }
            else if (raw == "localhost")
            {
                addrs.Add(IPAddress.Loopback);
                addrs.Add(IPAddress.IPv6Loopback);
            }
            else if (IPAddress.TryParse(raw, out var ip))
            {
                addrs.Add(ip);
            }
            else
            {
                try
                {
                    addrs.AddRange(Dns.GetHostAddresses(raw));
                }
                catch (SocketException)
                {
                    Log.Warning($"could not translate host name \"{raw}\", service \"{port}\" to address");
                }
            }
        }
        int opened = 0;
        foreach (var ip in addrs)
        {
            var s = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (ip.AddressFamily == AddressFamily.InterNetworkV6)
                    s.DualMode = false;
                s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                s.Bind(new IPEndPoint(ip, port));
                s.Listen(512);
                s.Blocking = false;
                _sockets.Add(s);
                opened++;
                Log.Info($"listening on {(ip.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")} address \"{ip}\", port {port}");
            }
            catch (SocketException e)
            {
                s.Dispose();
                string fam = ip.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
                if (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
                    Log.Write(Common.Errors.Severity.Log, $"could not bind {fam} address \"{ip}\": Address already in use",
                        hint: $"Is another postmaster already running on port {port}? If not, wait a few seconds and retry.");
                else
                    Log.Write(Common.Errors.Severity.Log, $"could not bind {fam} address \"{ip}\": {e.Message}");
            }
        }
        if (addrs.Count > 0 && opened == 0)
            throw new PgException(SqlState.ConnectionFailure, "could not create any TCP/IP sockets", Severity.Fatal);
    }

    public void OpenUnix(string directories, int port)
    {
        foreach (var dir in directories.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string path = UnixSocketPath(dir, port);
            string lockPath = path + ".lock";
            if (File.Exists(lockPath))
            {
                if (int.TryParse(File.ReadAllLines(lockPath).FirstOrDefault()?.Trim(), out int other)
                    && other != Environment.ProcessId && PidFile.IsAlive(other))
                    throw new PgException(SqlState.ConnectionFailure,
                        $"lock file \"{lockPath}\" already exists", Severity.Fatal)
                    {
                        Hint = $"Is another postmaster (PID {other}) using socket file \"{path}\"?",
                    };
                File.Delete(lockPath);
            }
            File.WriteAllText(lockPath, $"{Environment.ProcessId}\n");
            File.Delete(path);
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                s.Bind(new UnixDomainSocketEndPoint(path));
                s.Listen(512);
                s.Blocking = false;
                File.SetUnixFileMode(path, (UnixFileMode)0x1FF);
                _sockets.Add(s);
                _unixPaths.Add(path);
                Log.Info($"listening on Unix socket \"{path}\"");
            }
            catch (SocketException e)
            {
                s.Dispose();
                File.Delete(lockPath);
                throw new PgException(SqlState.ConnectionFailure,
                    $"could not bind Unix address \"{path}\": {e.Message}", Severity.Fatal);
            }
        }
    }

    /// <summary>Closes every socket and removes socket and lock files.</summary>
    public void Dispose()
    {
        foreach (var s in _sockets)
            s.Dispose();
        _sockets.Clear();
        foreach (var p in _unixPaths)
        {
            try
            {
                File.Delete(p);
                File.Delete(p + ".lock");
            }
            catch (IOException)
            {
            }
        }
        _unixPaths.Clear();
    }
}
