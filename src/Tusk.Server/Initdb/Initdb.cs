// tusk initdb (initdb.c): creates a data directory: tusk.conf listing every setting with its default,
// tusk_hba.conf, the version marker, the bootstrap superuser and the databases template1, template0 and
// postgres. Refuses a directory that is not empty.
using System.Globalization;
using System.Text;
using Tusk.Catalog;
using Tusk.Backend.Libpq.Auth;
using Tusk.Common.Guc;

namespace Tusk.Server.Initdb;

/// <summary>Options of <c>tusk initdb</c>.</summary>
public sealed class InitdbOptions
{
    public required string DataDir { get; init; }
    public string? UserName { get; init; }
    public string? PasswordFile { get; init; }
    public string? Auth { get; init; }
    public string? AuthLocal { get; init; }
    public string? AuthHost { get; init; }
    public bool Quiet { get; init; }
}

/// <summary>Creates a new data directory. Entry point: <see cref="Run"/>.</summary>
public static class Initdb
{
    static readonly string[] PasswordMethods = ["password", "md5", "scram-sha-256"];
    static readonly string[] KnownMethods = ["trust", "reject", "password", "md5", "scram-sha-256"];

    /// <summary>Returns 0 on success, 1 with a message on stderr otherwise.</summary>
    public static int Run(InitdbOptions o, TextWriter stdout, TextWriter stderr)
    {
        string dir = Path.GetFullPath(o.DataDir);
        string user = string.IsNullOrEmpty(o.UserName) ? Environment.UserName : o.UserName;
        string localMethod = o.AuthLocal ?? o.Auth ?? "trust";
        string hostMethod = o.AuthHost ?? o.Auth ?? "trust";
        foreach (var m in new[] { localMethod, hostMethod })
            if (!KnownMethods.Contains(m))
            {
                stderr.WriteLine($"initdb: error: invalid authentication method \"{m}\"");
                return 1;
            }
        string? password = null;
        if (o.PasswordFile != null)
        {
            try
            {
                password = File.ReadAllLines(o.PasswordFile).FirstOrDefault() ?? "";
            }
            catch (IOException e)
            {
                stderr.WriteLine($"initdb: error: could not open file \"{o.PasswordFile}\" for reading: {e.Message}");
                return 1;
            }
            if (password.Length == 0)
            {
                stderr.WriteLine("initdb: error: password file \"" + o.PasswordFile + "\" is empty");
                return 1;
            }
        }
        if (password == null && (PasswordMethods.Contains(localMethod) || PasswordMethods.Contains(hostMethod)))
        {
            stderr.WriteLine("initdb: error: must specify a password for the superuser to enable password authentication");
            return 1;
        }
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
        {
            stderr.WriteLine($"initdb: error: directory \"{dir}\" exists but is not empty");
            stderr.WriteLine("initdb: hint: If you want to create a new database system, either remove or empty the directory \"" + dir + "\" or run initdb with an argument other than \"" + dir + "\".");
            return 1;
        }
        if (!o.Quiet)
        {
            stdout.WriteLine($"The files belonging to this database system will be owned by user \"{Environment.UserName}\".");
            stdout.WriteLine("This user must also own the server process.");
            stdout.WriteLine();
            stdout.WriteLine("The database cluster will be initialized with locale \"C\".");
            stdout.WriteLine("The default database encoding has accordingly been set to \"UTF8\".");
            stdout.WriteLine();
            stdout.WriteLine($"creating directory {dir} ... ok");
        }
        try
        {
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var sub in new[] { "global", "base", "base/1", "pg_wal", "pg_xact", "pg_subtrans" })
                Directory.CreateDirectory(Path.Combine(dir, sub));
            File.WriteAllText(Path.Combine(dir, DataDirectory.VersionFile), DataDirectory.Version + "\n");
            Tusk.Storage.Transam.ControlFile.Bootstrap(dir, dataChecksums: true);
            File.WriteAllText(Path.Combine(dir, DataDirectory.ConfigFile), SampleConfig());
            File.WriteAllText(Path.Combine(dir, DataDirectory.HbaFile), HbaFile.DefaultHbaConf(localMethod, hostMethod));
            File.WriteAllText(Path.Combine(dir, "global", "mock_auth_nonce"),
                Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
            string? verifier = password != null ? ScramSha256.BuildVerifier(password) : null;
            Tusk.Backend.Bootstrap.BootstrapMode.Run(dir,
                new RoleInfo(CatalogOids.BootstrapSuperuser, user, true, true, verifier),
            [
                new DatabaseInfo(CatalogOids.Template1, "template1", true, true, -1),
                new DatabaseInfo(CatalogOids.Template0, "template0", false, true, -1),
                new DatabaseInfo(CatalogOids.Postgres, "postgres", true, false, -1),
            ]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"initdb: error: could not create data directory \"{dir}\": {e.Message}");
            return 1;
        }
        if (!o.Quiet)
        {
            stdout.WriteLine("creating configuration files ... ok");
            stdout.WriteLine("creating template1, template0 and postgres databases ... ok");
            stdout.WriteLine();
            stdout.WriteLine("Success. You can now start the database server using:");
            stdout.WriteLine();
            stdout.WriteLine($"    tusk ctl start -D {dir} -l logfile");
            stdout.WriteLine();
        }
        return 0;
    }

    /// <summary>tusk.conf: every setting commented out with its default, grouped by category, plus the
    /// values initdb chose (time zone) set explicitly, as PostgreSQL's initdb does.</summary>
    public static string SampleConfig()
    {
        var sb = new StringBuilder();
        sb.Append("""
            # -----------------------------
            # Tusk configuration file
            # -----------------------------
            #
            # This file consists of lines of the form:
            #
            #   name = value
            #
            # (The "=" is optional.)  Whitespace may be used.  Comments are introduced with
            # "#" anywhere on a line.  The complete list of parameter names and allowed
            # values can be found in the PostgreSQL documentation; Tusk uses the same names.
            #
            # The commented-out settings shown in this file represent the default values.
            # Re-commenting a setting is NOT sufficient to revert it to the default value;
            # you need to reload the server.
            #
            # This file is read on server startup and when the server receives a SIGHUP
            # signal (tusk ctl reload).  Settings marked "change requires restart" take
            # effect only when the server is restarted.
            #
            # Memory units:  B  = bytes            Time units:  us  = microseconds
            #                kB = kilobytes                     ms  = milliseconds
            #                MB = megabytes                     s   = seconds
            #                GB = gigabytes                     min = minutes
            #                TB = terabytes                     h   = hours
            #                                                   d   = days

            """);
        string? category = null;
        foreach (var d in GucTable.All)
        {
            if ((d.Flags & GucFlags.NotInSample) != 0 || d.Context == GucContext.Internal)
                continue;
            if (d.Category != category)
            {
                category = d.Category;
                sb.Append("\n\n#------------------------------------------------------------------------------\n# ")
                    .Append(category.ToUpperInvariant()).Append("\n#------------------------------------------------------------------------------\n\n");
            }
            string value = d.Type is GucType.String or GucType.Enum
                ? ConfigFile.Quote(d.BootValue)
                : GucValue.Display(d, d.BootValue);
            string line = $"#{d.Name} = {value}";
            sb.Append(line.PadRight(40)).Append("# ").Append(d.Description);
            if (d.Context == GucContext.Postmaster)
                sb.Append(" (change requires restart)");
            sb.Append('\n');
        }
        string tz = SystemTimeZone();
        sb.Append("\n\n# Set by initdb\n");
        sb.Append(CultureInfo.InvariantCulture, $"timezone = {ConfigFile.Quote(tz)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"log_timezone = {ConfigFile.Quote(tz)}\n");
        return sb.ToString();
    }

    static string SystemTimeZone()
    {
        string? tz = Environment.GetEnvironmentVariable("TZ");
        if (!string.IsNullOrEmpty(tz))
            return tz.TrimStart(':');
        try
        {
            if (File.Exists("/etc/timezone"))
            {
                string t = File.ReadAllText("/etc/timezone").Trim();
                if (t.Length > 0)
                    return t;
            }
        }
        catch (IOException)
        {
        }
        return "UTC";
    }
}
