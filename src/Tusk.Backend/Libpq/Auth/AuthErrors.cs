// FATAL reports of client authentication, worded as PostgreSQL's auth.c does (auth_failed and friends).
// Server-log-only details (errdetail_log) are never put into PgException.Detail, which goes to the client.
// Entry points: AuthFailed (wrong password etc.), MethodNotSupported, InvalidMechanism, EmptyPassword and the
// unexpected-message helpers.
using Tusk.Common.Errors;

namespace Tusk.Backend.Libpq.Auth;

/// <summary>Builders for the errors that end a connection during authentication.</summary>
public static class AuthErrors
{
    /// <summary>
    /// The FATAL error PostgreSQL sends when authentication with <paramref name="method"/> (an hba method name
    /// such as "scram-sha-256", "md5", "password") fails for <paramref name="user"/>. Password-based methods
    /// use SQLSTATE 28P01, the others 28000.
    /// </summary>
    public static PgException AuthFailed(string user, string method)
    {
        string? format = method switch
        {
            "password" or "md5" or "scram-sha-256" => "password authentication failed for user \"{0}\"",
            "ident" => "Ident authentication failed for user \"{0}\"",
            "peer" => "Peer authentication failed for user \"{0}\"",
            "gss" => "GSSAPI authentication failed for user \"{0}\"",
            "sspi" => "SSPI authentication failed for user \"{0}\"",
            "pam" => "PAM authentication failed for user \"{0}\"",
            "bsd" => "BSD authentication failed for user \"{0}\"",
            "ldap" => "LDAP authentication failed for user \"{0}\"",
            "cert" => "certificate authentication failed for user \"{0}\"",
            "radius" => "RADIUS authentication failed for user \"{0}\"",
            _ => null,
        };
        if (format is null)
        {
            return new PgException(SqlState.InvalidAuthorizationSpecification,
                $"authentication failed for user \"{user}\": invalid authentication method", Severity.Fatal);
        }

        string state = method is "password" or "md5" or "scram-sha-256"
            ? SqlState.InvalidPassword
            : SqlState.InvalidAuthorizationSpecification;
        return new PgException(state, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, user),
            Severity.Fatal);
    }

    /// <summary>
    /// FATAL for an hba line whose method parses but is not implemented by Tusk (gss, sspi, ident, peer, ldap,
    /// radius, cert, pam, bsd). PostgreSQL would reject such a line when loading the file if not built with it.
    /// </summary>
    public static PgException MethodNotSupported(string method) =>
        new(SqlState.FeatureNotSupported, $"authentication method \"{method}\" is not supported by this server",
            Severity.Fatal);

    /// <summary>
    /// A clear-text PasswordMessage with an empty password (PG refuses it before any check; ERROR 28P01 that
    /// authentication promotes to FATAL).
    /// </summary>
    public static PgException EmptyPassword() =>
        new(SqlState.InvalidPassword, "empty password returned by client", Severity.Fatal);

    /// <summary>The client answered a password request with another message type (08P01).</summary>
    public static PgException ExpectedPasswordResponse(char messageType) =>
        new(SqlState.ProtocolViolation, $"expected password response, got message type {(int)messageType}",
            Severity.Fatal);

    /// <summary>The client answered AuthenticationSASL/SASLContinue with another message type (08P01).</summary>
    public static PgException ExpectedSaslResponse(char messageType) =>
        new(SqlState.ProtocolViolation, $"expected SASL response, got message type {(int)messageType}",
            Severity.Fatal);

    /// <summary>The SASLInitialResponse named a mechanism that was not offered (08P01, FATAL as in PG).</summary>
    public static PgException InvalidMechanism() =>
        new(SqlState.ProtocolViolation, "client selected an invalid SASL authentication mechanism", Severity.Fatal);
}
