// Message severities in PostgreSQL's order (elog.h). The numeric order is the filtering order.
namespace Tusk.Common.Errors;

/// <summary>Severity of a report, ordered as in PostgreSQL (DEBUG5 lowest, PANIC highest).</summary>
public enum Severity
{
    Debug5,
    Debug4,
    Debug3,
    Debug2,
    Debug1,
    Log,
    Info,
    Notice,
    Warning,
    Error,
    Fatal,
    Panic,
}

/// <summary>Severity names as they appear on the wire and in the log.</summary>
public static class SeverityNames
{
    public static string Of(Severity s) => s switch
    {
        Severity.Debug5 => "DEBUG",
        Severity.Debug4 => "DEBUG",
        Severity.Debug3 => "DEBUG",
        Severity.Debug2 => "DEBUG",
        Severity.Debug1 => "DEBUG",
        Severity.Log => "LOG",
        Severity.Info => "INFO",
        Severity.Notice => "NOTICE",
        Severity.Warning => "WARNING",
        Severity.Error => "ERROR",
        Severity.Fatal => "FATAL",
        _ => "PANIC",
    };
}
