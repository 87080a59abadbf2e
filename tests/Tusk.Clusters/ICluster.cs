namespace Tusk.Clusters;

/// <summary>
/// Settings given to a throwaway cluster. Both servers get the same ones so a comparison is fair; every value is
/// written to the server's configuration file as a <c>name = value</c> line, with PostgreSQL's names.
/// </summary>
public sealed record ClusterSettings
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Superuser created by initdb and used by every client.</summary>
    public string User { get; init; } = "postgres";

    public string Database { get; init; } = "postgres";

    public int MaxConnections { get; init; } = 100;

    public string SharedBuffers { get; init; } = "128MB";

    public string SynchronousCommit { get; init; } = "on";

    /// <summary>Tusk's pre-started backend processes; not written for PostgreSQL. Null keeps Tusk's default.</summary>
    public int? BackendPoolSize { get; init; }

    /// <summary>More <c>name = value</c> settings for both servers (values are quoted as needed).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>Environment of the server processes (null value: remove the variable).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Keep the temporary directory after stopping (for debugging).</summary>
    public bool KeepDirectory { get; init; }
}

/// <summary>A throwaway database cluster: initdb into a temp dir, start on a loopback port, stop and remove.</summary>
public interface ICluster : IAsyncDisposable
{
    /// <summary>Display name, e.g. "PostgreSQL" or "Tusk".</summary>
    string Name { get; }

    string Host { get; }

    int Port { get; }

    string User { get; }

    string Database { get; }

    /// <summary>Directory holding data/, the server log and the Unix sockets; null before start.</summary>
    string? RootDirectory { get; }

    string? DataDirectory { get; }

    string? LogFile { get; }

    bool IsRunning { get; }

    /// <summary>The settings of the last start.</summary>
    ClusterSettings Settings { get; }

    /// <summary>Creates the cluster and starts the server; on failure everything is cleaned up and it throws.</summary>
    Task StartAsync(ClusterSettings settings, CancellationToken ct = default);

    /// <summary>Stops the server (fast shutdown), kills any leftover process and removes the directory. Idempotent.</summary>
    Task StopAsync(CancellationToken ct = default);

    /// <summary>pid of the postmaster, or null when not running.</summary>
    int? PostmasterPid { get; }

    /// <summary>The postmaster and all its descendants, right now.</summary>
    IReadOnlyList<ProcInfo> ServerProcesses();

    /// <summary>A libpq-style keyword connection string (works for Npgsql too).</summary>
    string ConnectionString { get; }

    /// <summary>The last lines of the server log, for error messages.</summary>
    string LogTail(int lines = 10);
}
