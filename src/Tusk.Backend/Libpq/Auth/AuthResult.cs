// Outcome of one step of a challenge/response authentication exchange (SASL, MD5).
// Continue: send the produced message and wait for the next client message.
// Success/Failure are terminal; on Failure the caller raises AuthErrors.AuthFailed.
namespace Tusk.Backend.Libpq.Auth;

/// <summary>Result of feeding one client message to an authentication exchange.</summary>
public enum AuthResult
{
    /// <summary>More messages are expected: send the server message and read the next client message.</summary>
    Continue,

    /// <summary>The client proved knowledge of the password.</summary>
    Success,

    /// <summary>Wrong password, unknown user or no usable secret: report AuthErrors.AuthFailed.</summary>
    Failure,
}
