// The settings table: every setting Tusk knows, with PostgreSQL's names, contexts, defaults and ranges.
// Subsystems read their values through Settings; tusk.conf's sample is generated from this table.
namespace Tusk.Common.Guc;

/// <summary>All known settings, keyed case-insensitively by name.</summary>
public static class GucTable
{
    public const string ServerVersion = "15.0 (Tusk 0.1)";
    public const int ServerVersionNum = 150000;

    static GucDefinition B(string name, GucContext ctx, string cat, bool boot, string desc, GucFlags f = 0) =>
        new() { Name = name, Type = GucType.Bool, Context = ctx, Category = cat, BootValue = boot ? "on" : "off",
                Description = desc, Flags = f };

    static GucDefinition I(string name, GucContext ctx, string cat, long boot, long min, long max, string desc,
        string? unit = null, GucFlags f = 0) =>
        new() { Name = name, Type = GucType.Integer, Context = ctx, Category = cat, BootValue = boot.ToString(
                System.Globalization.CultureInfo.InvariantCulture), Min = min, Max = max, Unit = unit,
                Description = desc, Flags = f };

    static GucDefinition R(string name, GucContext ctx, string cat, double boot, double min, double max,
        string desc) =>
        new() { Name = name, Type = GucType.Real, Context = ctx, Category = cat, BootValue = boot.ToString(
                System.Globalization.CultureInfo.InvariantCulture), Min = min, Max = max, Description = desc };

    static GucDefinition S(string name, GucContext ctx, string cat, string boot, string desc, GucFlags f = 0) =>
        new() { Name = name, Type = GucType.String, Context = ctx, Category = cat, BootValue = boot,
                Description = desc, Flags = f };

    static GucDefinition E(string name, GucContext ctx, string cat, string boot, string[] values, string desc,
        GucFlags f = 0) =>
        new() { Name = name, Type = GucType.Enum, Context = ctx, Category = cat, BootValue = boot,
                EnumValues = values, Description = desc, Flags = f };

    const string Conn = "Connections and Authentication / Connection Settings";
    const string Auth = "Connections and Authentication / Authentication";
    const string Mem = "Resource Usage / Memory";
    const string Bgw = "Resource Usage / Background Writer";
    const string Wal = "Write-Ahead Log / Settings";
    const string Ckpt = "Write-Ahead Log / Checkpoints";
    const string Repl = "Replication / Subscribers";
    const string Vac = "Autovacuum";
    const string Stats = "Statistics / Cumulative Query and Index Statistics";
    const string LogWhat = "Reporting and Logging / What to Log";
    const string LogWhen = "Reporting and Logging / When to Log";
    const string Client = "Client Connection Defaults / Statement Behavior";
    const string Locale = "Client Connection Defaults / Locale and Formatting";
    const string Preset = "Preset Options";
    const string Pool = "Tusk / Process Pool";
    const string Files = "File Locations";
    const string Lock = "Lock Management";
    const string Compat = "Version and Platform Compatibility / Previous PostgreSQL Versions";
    const string Query = "Query Tuning / Other Planner Options";

    static readonly string[] Levels =
        ["debug5", "debug4", "debug3", "debug2", "debug1", "info", "notice", "warning", "error", "log", "fatal",
         "panic"];

    static readonly string[] IsolationLevels = ["serializable", "repeatable read", "read committed", "read uncommitted"];

    static readonly string[] ClientLevels =
        ["debug5", "debug4", "debug3", "debug2", "debug1", "log", "notice", "warning", "error"];

    /// <summary>Every setting, in the order tusk.conf lists them.</summary>
    public static readonly GucDefinition[] All =
    [
        S("data_directory", GucContext.Postmaster, Files, "", "Sets the server's data directory.",
            GucFlags.NotInSample),
        S("hba_file", GucContext.Postmaster, Files, "", "Sets the server's \"hba\" configuration file.",
            GucFlags.NotInSample),
        S("config_file", GucContext.Postmaster, Files, "", "Sets the server's main configuration file.",
            GucFlags.NotInSample),

        S("listen_addresses", GucContext.Postmaster, Conn, "localhost",
            "Sets the host name or IP address(es) to listen to.", GucFlags.ListInput),
        I("port", GucContext.Postmaster, Conn, 5432, 1, 65535, "Sets the TCP port the server listens on."),
        I("max_connections", GucContext.Postmaster, Conn, 100, 1, 262143,
            "Sets the maximum number of concurrent connections."),
        I("superuser_reserved_connections", GucContext.Postmaster, Conn, 3, 0, 262143,
            "Sets the number of connection slots reserved for superusers."),
        S("unix_socket_directories", GucContext.Postmaster, Conn, "/tmp",
            "Sets the directories where Unix-domain sockets will be created.", GucFlags.ListInput),
        I("unix_socket_permissions", GucContext.Postmaster, Conn, 511, 0, 511,
            "Sets the access permissions of the Unix-domain socket."),
        I("authentication_timeout", GucContext.Sighup, Auth, 60, 1, 600,
            "Sets the maximum allowed time to complete client authentication.", "s"),
        E("password_encryption", GucContext.User, Auth, "scram-sha-256", ["md5", "scram-sha-256"],
            "Chooses the algorithm for encrypting passwords."),
        I("scram_iterations", GucContext.User, Auth, 4096, 1, int.MaxValue,
            "Sets the iteration count for SCRAM secret generation."),

        I("backend_pool_size", GucContext.Sighup, Pool, 4, 0, 64,
            "Sets the number of pre-started idle backend processes kept ready for new connections."),

        I("shared_buffers", GucContext.Postmaster, Mem, 16384, 16, 1073741823,
            "Sets the number of shared memory buffers used by the server.", "8kB"),
        I("work_mem", GucContext.User, Mem, 4096, 64, 2147483647,
            "Sets the maximum memory to be used for query workspaces.", "kB"),
        I("maintenance_work_mem", GucContext.User, Mem, 65536, 1024, 2147483647,
            "Sets the maximum memory to be used for maintenance operations.", "kB"),

        I("bgwriter_delay", GucContext.Sighup, Bgw, 200, 10, 10000,
            "Background writer sleep time between rounds.", "ms"),
        I("bgwriter_lru_maxpages", GucContext.Sighup, Bgw, 100, 0, 1073741823,
            "Background writer maximum number of LRU pages to flush per round."),
        R("bgwriter_lru_multiplier", GucContext.Sighup, Bgw, 2.0, 0, 10,
            "Multiple of the average buffer usage to free per round."),

        B("fsync", GucContext.Sighup, Wal, true, "Forces synchronization of updates to disk."),
        I("wal_buffers", GucContext.Postmaster, Wal, -1, -1, 262143,
            "Sets the number of disk-page buffers in shared memory for WAL.", "8kB"),
        E("synchronous_commit", GucContext.User, Wal, "on", ["local", "remote_write", "remote_apply", "on", "off"],
            "Sets the current transaction's synchronization level."),
        B("full_page_writes", GucContext.Sighup, Wal, true,
            "Writes full pages to WAL when first modified after a checkpoint."),
        I("wal_writer_delay", GucContext.Sighup, Wal, 200, 1, 10000,
            "Time between WAL flushes performed in the WAL writer.", "ms"),
        I("checkpoint_timeout", GucContext.Sighup, Ckpt, 300, 30, 86400,
            "Sets the maximum time between automatic WAL checkpoints.", "s"),
        R("checkpoint_completion_target", GucContext.Sighup, Ckpt, 0.9, 0, 1,
            "Time spent flushing dirty buffers during checkpoint, as fraction of checkpoint interval."),
        I("max_wal_size", GucContext.Sighup, Ckpt, 1024, 2, 2147483647,
            "Sets the WAL size that triggers a checkpoint.", "MB"),
        B("log_checkpoints", GucContext.Sighup, LogWhat, true, "Logs each checkpoint."),

        I("max_logical_replication_workers", GucContext.Postmaster, Repl, 4, 0, 262143,
            "Maximum number of logical replication worker processes."),

        B("autovacuum", GucContext.Sighup, Vac, true, "Starts the autovacuum subprocess."),
        I("autovacuum_max_workers", GucContext.Postmaster, Vac, 3, 1, 262143,
            "Sets the maximum number of simultaneously running autovacuum worker processes."),
        I("autovacuum_naptime", GucContext.Sighup, Vac, 60, 1, 2147483,
            "Time to sleep between autovacuum runs.", "s"),

        B("track_activities", GucContext.Superuser, Stats, true,
            "Collects information about executing commands."),
        I("track_activity_query_size", GucContext.Postmaster, Stats, 1024, 100, 1048576,
            "Sets the size reserved for pg_stat_activity.query, in bytes.", "B"),

        E("log_min_messages", GucContext.Superuser, LogWhen, "warning", Levels,
            "Sets the message levels that are logged."),
        E("client_min_messages", GucContext.User, Client, "notice", ClientLevels,
            "Sets the message levels that are sent to the client."),
        B("log_connections", GucContext.SuperuserBackend, LogWhat, false, "Logs each successful connection."),
        B("log_disconnections", GucContext.SuperuserBackend, LogWhat, false,
            "Logs end of a session, including duration."),
        E("log_statement", GucContext.Superuser, LogWhat, "none", ["none", "ddl", "mod", "all"],
            "Sets the type of statements logged."),
        S("cluster_name", GucContext.Postmaster, LogWhat, "",
            "Sets the name of the cluster, which is included in the process title."),

        S("search_path", GucContext.User, Client, "\"$user\", public",
            "Sets the schema search order for names that are not schema-qualified.", GucFlags.ListInput),
        I("statement_timeout", GucContext.User, Client, 0, 0, 2147483647,
            "Sets the maximum allowed duration of any statement.", "ms"),
        I("lock_timeout", GucContext.User, Client, 0, 0, 2147483647,
            "Sets the maximum allowed duration of any wait for a lock.", "ms"),
        I("idle_in_transaction_session_timeout", GucContext.User, Client, 0, 0, 2147483647,
            "Sets the maximum allowed idle time between queries, when in a transaction.", "ms"),
        E("default_transaction_isolation", GucContext.User, Client, "read committed", IsolationLevels,
            "Sets the transaction isolation level of each new transaction."),
        B("default_transaction_read_only", GucContext.User, Client, false,
            "Sets the default read-only status of new transactions.", GucFlags.Report),
        B("default_transaction_deferrable", GucContext.User, Client, false,
            "Sets the default deferrable status of new transactions."),
        E("bytea_output", GucContext.User, Client, "hex", ["escape", "hex"], "Sets the output format for bytea."),
        B("check_function_bodies", GucContext.User, Client, true,
            "Check routine bodies during CREATE FUNCTION and CREATE PROCEDURE."),

        S("DateStyle", GucContext.User, Locale, "ISO, MDY", "Sets the display format for date and time values.",
            GucFlags.Report | GucFlags.ListInput),
        E("IntervalStyle", GucContext.User, Locale, "postgres",
            ["postgres", "postgres_verbose", "sql_standard", "iso_8601"],
            "Sets the display format for interval values.", GucFlags.Report),
        S("TimeZone", GucContext.User, Locale, "GMT", "Sets the time zone for displaying and interpreting time stamps.",
            GucFlags.Report),
        S("log_timezone", GucContext.Sighup, LogWhat, "GMT", "Sets the time zone to use in log messages."),
        S("timezone_abbreviations", GucContext.User, Locale, "Default",
            "Selects a file of time zone abbreviations."),
        I("extra_float_digits", GucContext.User, Locale, 1, -15, 3,
            "Sets the number of digits displayed for floating-point values."),
        S("client_encoding", GucContext.User, Locale, "UTF8", "Sets the client's character set encoding.",
            GucFlags.Report),
        S("lc_messages", GucContext.Superuser, Locale, "C", "Sets the language in which messages are displayed."),
        S("lc_monetary", GucContext.User, Locale, "C", "Sets the locale for formatting monetary amounts."),
        S("lc_numeric", GucContext.User, Locale, "C", "Sets the locale for formatting numbers."),
        S("lc_time", GucContext.User, Locale, "C", "Sets the locale for formatting date and time values."),
        S("application_name", GucContext.User, LogWhat, "",
            "Sets the application name to be reported in statistics and logs.", GucFlags.Report),

        I("deadlock_timeout", GucContext.Superuser, Lock, 1000, 1, 2147483647,
            "Sets the time to wait on a lock before checking for deadlock.", "ms"),
        B("standard_conforming_strings", GucContext.User, Compat, true,
            "Causes '...' strings to treat backslashes literally.", GucFlags.Report),
        B("escape_string_warning", GucContext.User, Compat, true,
            "Warn about backslash escapes in ordinary string literals."),
        I("max_parallel_workers_per_gather", GucContext.User, Query, 2, 0, 1024,
            "Sets the maximum number of parallel processes per executor node."),

        S("server_version", GucContext.Internal, Preset, ServerVersion, "Shows the server version.",
            GucFlags.Report | GucFlags.NotInSample),
        I("server_version_num", GucContext.Internal, Preset, ServerVersionNum, ServerVersionNum, ServerVersionNum,
            "Shows the server version as an integer.", null, GucFlags.NotInSample),
        S("server_encoding", GucContext.Internal, Preset, "UTF8", "Shows the server (database) character set encoding.",
            GucFlags.Report | GucFlags.NotInSample),
        B("integer_datetimes", GucContext.Internal, Preset, true, "Shows whether datetimes are integer based.",
            GucFlags.Report | GucFlags.NotInSample),
        B("in_hot_standby", GucContext.Internal, Preset, false, "Shows whether hot standby is currently active.",
            GucFlags.Report | GucFlags.NotInSample),
        B("data_checksums", GucContext.Internal, Preset, true, "Shows whether data checksums are turned on.",
            GucFlags.NotInSample),
        I("block_size", GucContext.Internal, Preset, 8192, 8192, 8192, "Shows the size of a disk block.", null,
            GucFlags.NotInSample),
        I("max_identifier_length", GucContext.Internal, Preset, 63, 63, 63,
            "Shows the maximum identifier length.", null, GucFlags.NotInSample),
        B("is_superuser", GucContext.Internal, Preset, false, "Shows whether the current user is a superuser.",
            GucFlags.Report | GucFlags.NotInSample),
        S("session_authorization", GucContext.User, Preset, "", "Sets the session user name.",
            GucFlags.Report | GucFlags.NotInSample),
        E("transaction_isolation", GucContext.User, Client, "read committed", IsolationLevels,
            "Sets the current transaction's isolation level.", GucFlags.NotInSample),
        B("transaction_read_only", GucContext.User, Client, false,
            "Sets the current transaction's read-only status.", GucFlags.NotInSample),
        B("transaction_deferrable", GucContext.User, Client, false,
            "Whether to defer a read-only serializable transaction until it can be executed with no possible serialization failures.",
            GucFlags.NotInSample),
    ];

    static readonly Dictionary<string, GucDefinition> ByName = BuildIndex();

    static Dictionary<string, GucDefinition> BuildIndex()
    {
        var d = new Dictionary<string, GucDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var g in All)
            d.Add(g.Name, g);
        return d;
    }

    public static GucDefinition? Find(string name) => ByName.GetValueOrDefault(name);
}
