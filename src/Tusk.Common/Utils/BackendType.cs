// Process roles, with the names pg_stat_activity.backend_type shows (miscadmin.h's BackendType).
namespace Tusk.Common.Utils;

/// <summary>The role of a Tusk process.</summary>
public enum BackendType
{
    Invalid = 0,
    ClientBackend = 1,
    Checkpointer = 2,
    BackgroundWriter = 3,
    WalWriter = 4,
    AutovacuumLauncher = 5,
    LogicalReplicationLauncher = 6,
    Startup = 7,
    AutovacuumWorker = 8,
    ParallelWorker = 9,
    WalSender = 10,
    Postmaster = 11,
}

public static class BackendTypeNames
{
    /// <summary>pg_stat_activity.backend_type text.</summary>
    public static string Of(BackendType t) => t switch
    {
        BackendType.ClientBackend => "client backend",
        BackendType.Checkpointer => "checkpointer",
        BackendType.BackgroundWriter => "background writer",
        BackendType.WalWriter => "walwriter",
        BackendType.AutovacuumLauncher => "autovacuum launcher",
        BackendType.LogicalReplicationLauncher => "logical replication launcher",
        BackendType.Startup => "startup",
        BackendType.AutovacuumWorker => "autovacuum worker",
        BackendType.ParallelWorker => "parallel worker",
        BackendType.WalSender => "walsender",
        BackendType.Postmaster => "postmaster",
        _ => "unknown",
    };

    /// <summary>Command-line name of a child role (--child=NAME).</summary>
    public static string ChildArg(BackendType t) => t switch
    {
        BackendType.ClientBackend => "backend",
        BackendType.Checkpointer => "checkpointer",
        BackendType.BackgroundWriter => "bgwriter",
        BackendType.WalWriter => "walwriter",
        BackendType.AutovacuumLauncher => "autovacuum-launcher",
        BackendType.LogicalReplicationLauncher => "logical-replication-launcher",
        BackendType.Startup => "startup",
        _ => t.ToString().ToLowerInvariant(),
    };

    public static BackendType FromChildArg(string s)
    {
        foreach (var t in Enum.GetValues<BackendType>())
            if (ChildArg(t) == s)
                return t;
        return BackendType.Invalid;
    }
}
