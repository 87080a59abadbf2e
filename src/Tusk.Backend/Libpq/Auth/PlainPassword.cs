// The hba "password" method: the client sends the clear-text password, checked against whatever is stored
// (PG's plain_crypt_verify): a SCRAM verifier via ScramSha256.VerifyPlainPassword, an MD5 hash by re-hashing.
// Entry point: Verify. A null/unknown secret never matches; callers then report AuthErrors.AuthFailed.
using System.Security.Cryptography;
using System.Text;

namespace Tusk.Backend.Libpq.Auth;

/// <summary>Verification of a clear-text password against a stored secret.</summary>
public static class PlainPassword
{
    /// <summary>True when <paramref name="password"/> matches the secret <paramref name="stored"/>.</summary>
    public static bool Verify(string user, string? stored, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (stored is null || password is null || password.Length == 0)
        {
            return false;
        }

        if (ScramSha256.IsScramVerifier(stored))
        {
            return ScramSha256.VerifyPlainPassword(stored, password);
        }

        if (Md5Password.IsMd5Hash(stored))
        {
            byte[] computed = Encoding.ASCII.GetBytes(Md5Password.Encrypt(password, user));
            return CryptographicOperations.FixedTimeEquals(computed, Encoding.ASCII.GetBytes(stored));
        }

        // PostgreSQL no longer stores clear-text passwords; such a value is compared as-is for robustness.
        byte[] expected = Encoding.UTF8.GetBytes(stored);
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(password));
    }
}
