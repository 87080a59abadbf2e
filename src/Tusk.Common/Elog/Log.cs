// Server log (elog.c): one line per report on stderr, PostgreSQL's layout with log_line_prefix '%m [%p] %b '.
// Each line is written with a single write so lines from many processes sharing stderr never interleave.
using System.Text;
using Tusk.Common.Errors;

namespace Tusk.Common.Elog;

/// <summary>
/// Process-wide server log. Entry points: <see cref="Write"/>, <see cref="Info"/> (LOG), <see cref="Warning"/>,
/// <see cref="Report"/> for an error with detail. Lines look like
/// <c>2026-11-24 12:00:00.123 UTC [4711] checkpointer LOG:  message</c>.
/// </summary>
public static class Log
{
    static readonly object Gate = new();
    static Stream? _stream;

    /// <summary>backend_type shown in each line ("postmaster", "client backend", "checkpointer", ...).</summary>
    public static string BackendType { get; set; } = "postmaster";

    /// <summary>Lowest severity written to the log (log_min_messages).</summary>
    public static Severity MinLevel { get; set; } = Severity.Warning;

    /// <summary>Severity for a log_min_messages / client_min_messages value.</summary>
    public static Severity ParseLevel(string s) => s switch
    {
        "debug5" => Severity.Debug5,
        "debug4" => Severity.Debug4,
        "debug3" => Severity.Debug3,
        "debug2" => Severity.Debug2,
        "debug1" => Severity.Debug1,
        "info" => Severity.Info,
        "notice" => Severity.Notice,
        "warning" => Severity.Warning,
        "error" => Severity.Error,
        "log" => Severity.Log,
        "fatal" => Severity.Fatal,
        _ => Severity.Panic,
    };

    public static void Info(string message) => Write(Severity.Log, message);

    public static void Warning(string message) => Write(Severity.Warning, message);

    public static void Write(Severity severity, string message, string? detail = null, string? hint = null,
        string? statement = null)
    {
        if (!ShouldLog(severity))
            return;
        var sb = new StringBuilder(128);
        string prefix = Prefix();
        sb.Append(prefix).Append(SeverityNames.Of(severity)).Append(":  ").Append(message).Append('\n');
        if (detail != null)
            sb.Append(prefix).Append("DETAIL:  ").Append(detail).Append('\n');
        if (hint != null)
            sb.Append(prefix).Append("HINT:  ").Append(hint).Append('\n');
        if (statement != null)
            sb.Append(prefix).Append("STATEMENT:  ").Append(statement).Append('\n');
        Emit(sb.ToString());
    }

    /// <summary>Logs a <see cref="PgException"/> with its detail and hint.</summary>
    public static void Report(PgException e, string? statement = null) =>
        Write(e.Severity, e.Message, e.Detail, e.Hint, statement);

    /// <summary>LOG and above always reach the log when log_min_messages allows; LOG ranks above ERROR there.</summary>
    public static bool ShouldLog(Severity s)
    {
        // In the server log, LOG sorts between ERROR and FATAL (PostgreSQL's is_log_level_output).
        static int Rank(Severity x) => x == Severity.Log ? (int)Severity.Error + 1 : x >= Severity.Fatal ? (int)x + 1 : (int)x;
        return Rank(s) >= Rank(MinLevel);
    }

    static string Prefix()
    {
        var now = DateTime.UtcNow;
        return $"{now:yyyy-MM-dd HH:mm:ss.fff} UTC [{Environment.ProcessId}] {BackendType} ";
    }

    static void Emit(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        lock (Gate)
        {
            _stream ??= Console.OpenStandardError();
            try
            {
                _stream.Write(bytes, 0, bytes.Length);
                _stream.Flush();
            }
            catch (IOException)
            {
                // The log went away (closed terminal); nothing useful can be done.
            }
        }
    }
}
