// PostgreSQL's MD5 password scheme: stored "md5" + hex(md5(password || user)); the md5 method sends a 4-byte
// salt and the client answers "md5" + hex(md5(hex-part-of-stored || salt)).
// When the hba method is md5 but the stored secret is a SCRAM verifier, PostgreSQL runs SCRAM instead:
// see ShouldUseScram. Entry points: Encrypt, IsMd5Hash, VerifyResponse, ShouldUseScram.
using System.Security.Cryptography;
using System.Text;

namespace Tusk.Backend.Libpq.Auth;

/// <summary>MD5 password hashing and challenge verification.</summary>
public static class Md5Password
{
    /// <summary>Length of a stored MD5 secret: "md5" plus 32 hex digits.</summary>
    public const int StoredLength = 35;

    /// <summary>"md5" + hex(md5(password || user)), the form stored in pg_authid.</summary>
    public static string Encrypt(string password, string user)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(user);
        return "md5" + Hex(MD5.HashData(Encoding.UTF8.GetBytes(password + user)));
    }

    /// <summary>True when <paramref name="stored"/> is an MD5 secret (PG's get_password_type).</summary>
    public static bool IsMd5Hash(string? stored)
    {
        if (stored is null || stored.Length != StoredLength || !stored.StartsWith("md5", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (char c in stored.AsSpan(3))
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The response a client computes for a stored MD5 secret and the 4-byte salt.</summary>
    public static string ExpectedResponse(string storedMd5, ReadOnlySpan<byte> salt4)
    {
        ArgumentNullException.ThrowIfNull(storedMd5);
        byte[] hexPart = Encoding.ASCII.GetBytes(storedMd5[3..]);
        byte[] input = new byte[hexPart.Length + salt4.Length];
        hexPart.CopyTo(input, 0);
        salt4.CopyTo(input.AsSpan(hexPart.Length));
        return "md5" + Hex(MD5.HashData(input));
    }

    /// <summary>
    /// Checks the client's PasswordMessage for the md5 method. False when the stored secret is not an MD5 hash
    /// (PG logs "User \"x\" has a password that cannot be used with MD5 authentication.") or does not match.
    /// </summary>
    public static bool VerifyResponse(string storedMd5, byte[] salt4, string clientResponse)
    {
        ArgumentNullException.ThrowIfNull(salt4);
        if (!IsMd5Hash(storedMd5) || salt4.Length != 4 || clientResponse is null)
        {
            return false;
        }

        byte[] expected = Encoding.ASCII.GetBytes(ExpectedResponse(storedMd5, salt4));
        byte[] actual = Encoding.UTF8.GetBytes(clientResponse);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>
    /// PG's CheckPWChallengeAuth choice: for hba method "md5" run MD5 only if the stored secret is an MD5 hash;
    /// a SCRAM verifier (or a plain/unknown one) means SCRAM. For a user without a password (or unknown), PG
    /// pretends the password has type password_encryption, so pass that setting. Any other method: SCRAM
    /// for "scram-sha-256", false otherwise.
    /// </summary>
    public static bool ShouldUseScram(string method, string? stored, string passwordEncryption = "scram-sha-256")
    {
        if (method == "scram-sha-256")
        {
            return true;
        }

        if (method != "md5")
        {
            return false;
        }

        if (stored is null)
        {
            return passwordEncryption != "md5";
        }

        return !IsMd5Hash(stored);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
