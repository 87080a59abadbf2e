// Setting (GUC) vocabulary: types, contexts and sources, named and ordered as in PostgreSQL's guc.h.
namespace Tusk.Common.Guc;

public enum GucType
{
    Bool,
    Integer,
    Real,
    String,
    Enum,
}

/// <summary>When a setting may change (pg_settings.context), from most to least restrictive.</summary>
public enum GucContext
{
    Internal,
    Postmaster,
    Sighup,
    SuperuserBackend,
    Backend,
    Superuser,
    User,
}

/// <summary>Where the current value came from (pg_settings.source); a higher source wins.</summary>
public enum GucSource
{
    Default,
    EnvironmentVariable,
    ConfigurationFile,
    CommandLine,
    Global,
    Database,
    User,
    DatabaseUser,
    Client,
    Override,
    Interactive,
    Test,
    Session,
}

[Flags]
public enum GucFlags
{
    None = 0,
    /// <summary>Sent to the client in ParameterStatus when it changes (GUC_REPORT).</summary>
    Report = 1,
    /// <summary>Not listed in tusk.conf's sample (internal, computed).</summary>
    NotInSample = 2,
    /// <summary>Value is a list; SET a, b is joined with ", ".</summary>
    ListInput = 4,
    /// <summary>A custom "prefix.name" setting made by SET (a placeholder); not listed by SHOW ALL or pg_settings.</summary>
    Placeholder = 8,
}

public static class GucNames
{
    public static string Of(GucContext c) => c switch
    {
        GucContext.Internal => "internal",
        GucContext.Postmaster => "postmaster",
        GucContext.Sighup => "sighup",
        GucContext.SuperuserBackend => "superuser-backend",
        GucContext.Backend => "backend",
        GucContext.Superuser => "superuser",
        _ => "user",
    };

    public static string Of(GucSource s) => s switch
    {
        GucSource.Default => "default",
        GucSource.EnvironmentVariable => "environment variable",
        GucSource.ConfigurationFile => "configuration file",
        GucSource.CommandLine => "command line",
        GucSource.Global => "global",
        GucSource.Database => "database",
        GucSource.User => "user",
        GucSource.DatabaseUser => "database user",
        GucSource.Client => "client",
        GucSource.Override => "override",
        GucSource.Interactive => "interactive",
        GucSource.Test => "test",
        _ => "session",
    };

    public static string Of(GucType t) => t switch
    {
        GucType.Bool => "bool",
        GucType.Integer => "integer",
        GucType.Real => "real",
        GucType.String => "string",
        _ => "enum",
    };
}
