// The data directory's files and the checks `tusk start` makes before using one.
using Tusk.Common.Errors;

namespace Tusk.Server;

/// <summary>Paths and validation of a Tusk data directory.</summary>
public static class DataDirectory
{
    public const string VersionFile = "TUSK_VERSION";
    public const string Version = "0.6";
    public const string ConfigFile = "tusk.conf";
    public const string HbaFile = "tusk_hba.conf";
    public const string DefaultDir = "tusk-data";
    public const string OptsFile = "postmaster.opts";

    /// <summary>-D, else $TUSKDATA, else ./tusk-data.</summary>
    public static string Resolve(string? dashD)
    {
        string? d = dashD ?? Environment.GetEnvironmentVariable("TUSKDATA");
        return Path.GetFullPath(string.IsNullOrEmpty(d) ? DefaultDir : d);
    }

    /// <summary>FATAL unless the directory was made by this version of initdb.</summary>
    public static void Validate(string dir)
    {
        if (!Directory.Exists(dir))
            throw new PgException(SqlState.SystemError, $"data directory \"{dir}\" does not exist", Severity.Fatal);
        string marker = Path.Combine(dir, VersionFile);
        if (!File.Exists(marker))
            throw new PgException(SqlState.SystemError, $"\"{dir}\" is not a valid data directory", Severity.Fatal)
            {
                Detail = $"File \"{marker}\" is missing.",
            };
        string v = File.ReadAllText(marker).Trim();
        if (v != Version)
            throw new PgException(SqlState.SystemError, "database files are incompatible with server", Severity.Fatal)
            {
                Detail = $"The data directory was initialized by Tusk version {v}, which is not compatible with this version {Version}.",
            };
        var mode = File.GetUnixFileMode(dir);
        if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
            throw new PgException(SqlState.SystemError, $"data directory \"{dir}\" has invalid permissions", Severity.Fatal)
            {
                Detail = "Permissions should be u=rwx (0700) or u=rwx,g=rx (0750).",
            };
    }
}
