// SCRAM-SHA-256 secrets (RFC 5802, RFC 7677) in PostgreSQL's stored format:
//   SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>
// The password is SASLprep'ed first, falling back to the raw UTF-8 bytes when SASLprep rejects it (as PG does).
// Entry points: BuildVerifier, TryParseVerifier, VerifyPlainPassword; key derivation helpers used by the exchange.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tusk.Backend.Libpq.Auth;

/// <summary>Building, parsing and checking SCRAM-SHA-256 password verifiers.</summary>
public static class ScramSha256
{
    /// <summary>Mechanism name, also the prefix of the stored verifier.</summary>
    public const string MechanismName = "SCRAM-SHA-256";

    /// <summary>PostgreSQL's default iteration count (scram_iterations in PG 16+, fixed in PG 15).</summary>
    public const int DefaultIterations = 4096;

    /// <summary>Length of a freshly generated salt in bytes.</summary>
    public const int DefaultSaltLength = 16;

    /// <summary>SHA-256 output size: length of StoredKey, ServerKey, proofs and signatures.</summary>
    public const int KeyLength = 32;

    /// <summary>Builds the verifier stored in pg_authid.rolpassword for <paramref name="password"/>.</summary>
    public static string BuildVerifier(string password, int iterations = DefaultIterations, byte[]? salt = null)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        salt ??= RandomNumberGenerator.GetBytes(DefaultSaltLength);

        byte[] salted = SaltedPassword(password, salt, iterations);
        byte[] storedKey = SHA256.HashData(ClientKey(salted));
        byte[] serverKey = ServerKey(salted);
        return string.Create(CultureInfo.InvariantCulture,
            $"{MechanismName}${iterations}:{Convert.ToBase64String(salt)}$" +
            $"{Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}");
    }

    /// <summary>True when <paramref name="stored"/> looks like a SCRAM secret (PG's get_password_type).</summary>
    public static bool IsScramVerifier(string? stored) => stored is not null && TryParseVerifier(stored, out _, out _,
        out _, out _);

    /// <summary>Parses a stored verifier; false when it is not a well-formed SCRAM-SHA-256 secret.</summary>
    public static bool TryParseVerifier(string v, out int iterations, out byte[] salt, out byte[] storedKey,
        out byte[] serverKey)
    {
        iterations = 0;
        salt = storedKey = serverKey = [];
        if (v is null)
        {
            return false;
        }

        string[] parts = v.Split('$');
        if (parts.Length != 3 || parts[0] != MechanismName)
        {
            return false;
        }

        int colon = parts[1].IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !IsAllDigits(parts[1].AsSpan(0, colon))
            || !int.TryParse(parts[1].AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture,
                out int iter) || iter < 1)
        {
            return false;
        }

        int colon2 = parts[2].IndexOf(':', StringComparison.Ordinal);
        if (colon2 < 0
            || !TryDecodeBase64(parts[1][(colon + 1)..], out byte[] s)
            || !TryDecodeBase64(parts[2][..colon2], out byte[] stored) || stored.Length != KeyLength
            || !TryDecodeBase64(parts[2][(colon2 + 1)..], out byte[] server) || server.Length != KeyLength)
        {
            return false;
        }

        iterations = iter;
        salt = s;
        storedKey = stored;
        serverKey = server;
        return true;
    }

    /// <summary>
    /// Checks a clear-text password (the hba "password" method) against a SCRAM verifier by recomputing
    /// ServerKey, as PG's scram_verify_plain_password does. False when the verifier cannot be parsed.
    /// </summary>
    public static bool VerifyPlainPassword(string verifier, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParseVerifier(verifier, out int iterations, out byte[] salt, out _, out byte[] serverKey))
        {
            return false;
        }

        byte[] computed = ServerKey(SaltedPassword(password, salt, iterations));
        return CryptographicOperations.FixedTimeEquals(computed, serverKey);
    }

    /// <summary>Hi(Normalize(password), salt, i): PBKDF2-HMAC-SHA-256 over the SASLprep'ed password.</summary>
    public static byte[] SaltedPassword(string password, byte[] salt, int iterations)
    {
        byte[] pw = PasswordBytes(password);
        try
        {
            return Rfc2898DeriveBytes.Pbkdf2(pw, salt, iterations, HashAlgorithmName.SHA256, KeyLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pw);
        }
    }

    /// <summary>The password bytes SCRAM hashes: SASLprep result, or the raw UTF-8 when SASLprep refuses.</summary>
    public static byte[] PasswordBytes(string password) =>
        Encoding.UTF8.GetBytes(SaslPrep.TryPrepare(password, out string prepared) ? prepared : password);

    /// <summary>ClientKey = HMAC(SaltedPassword, "Client Key").</summary>
    public static byte[] ClientKey(byte[] saltedPassword) =>
        HMACSHA256.HashData(saltedPassword, "Client Key"u8);

    /// <summary>ServerKey = HMAC(SaltedPassword, "Server Key").</summary>
    public static byte[] ServerKey(byte[] saltedPassword) =>
        HMACSHA256.HashData(saltedPassword, "Server Key"u8);

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return s.Length > 0;
    }

    private static bool TryDecodeBase64(string s, out byte[] bytes)
    {
        var buffer = new byte[(s.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(s, buffer, out int written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
