// An ereport(ERROR/FATAL) in flight: thrown to abort the current statement (ERROR) or session (FATAL).
namespace Tusk.Common.Errors;

/// <summary>An error report with PostgreSQL's fields, thrown to end the current statement or session.</summary>
public sealed class PgException : Exception
{
    public PgException(string sqlState, string message, Severity severity = Severity.Error)
        : base(message)
    {
        SqlState = sqlState;
        Severity = severity;
    }

    public string SqlState { get; }
    public Severity Severity { get; }
    public string? Detail { get; init; }
    public string? Hint { get; init; }

    /// <summary>1-based character position in the query text, 0 when none.</summary>
    public int Position { get; init; }

    /// <summary>Where the error happened (the CONTEXT line, e.g. "COPY t, line 2, column a: "x""), or null.</summary>
    public string? Context { get; init; }

    /// <summary>The same error with a CONTEXT line added (an existing one is kept below it).</summary>
    public PgException WithContext(string context) => new(SqlState, Message, Severity)
    {
        Detail = Detail, Hint = Hint, Position = Position,
        Context = Context == null ? context : Context + "\n" + context,
    };
}
