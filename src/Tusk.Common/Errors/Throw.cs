// Throw helpers: keep the throwing code out of hot paths (ereport(ERROR, ...)).
using System.Diagnostics.CodeAnalysis;

namespace Tusk.Common.Errors;

/// <summary>[DoesNotReturn] helpers that raise <see cref="PgException"/>.</summary>
public static class Throw
{
    [DoesNotReturn]
    public static void Error(string sqlState, string message, string? detail = null, string? hint = null,
        int position = 0, string? context = null) =>
        throw new PgException(sqlState, message) { Detail = detail, Hint = hint, Position = position, Context = context };

    [DoesNotReturn]
    public static T Error<T>(string sqlState, string message, string? detail = null, string? hint = null,
        int position = 0) =>
        throw new PgException(sqlState, message) { Detail = detail, Hint = hint, Position = position };

    [DoesNotReturn]
    public static void Fatal(string sqlState, string message, string? detail = null, string? hint = null) =>
        throw new PgException(sqlState, message, Severity.Fatal) { Detail = detail, Hint = hint };
}
