// Server side of one SCRAM-SHA-256 exchange (RFC 5802/7677) with PostgreSQL's rules and error texts
// (auth-scram.c): no channel binding (no -PLUS), authzid and mandatory extensions refused, the n= user name
// ignored (the startup packet's user counts). Unknown users or users without a SCRAM secret get a mock exchange
// with a deterministic salt, failing only at the end. Entry points: HandleInitialResponse, HandleFinalResponse.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tusk.Common.Errors;

namespace Tusk.Backend.Libpq.Auth;

/// <summary>State machine for one SASL SCRAM-SHA-256 authentication attempt.</summary>
public sealed class ScramServerExchange
{
    private const int RawNonceLength = 18;

    private static readonly byte[] s_processMockNonce = RandomNumberGenerator.GetBytes(32);

    private readonly string _user;
    private readonly int _iterations;
    private readonly byte[] _salt;
    private readonly byte[] _storedKey;
    private readonly byte[] _serverKey;
    private readonly bool _doomed;

    private State _state = State.Initial;
    private byte _cbindFlag;
    private string _clientNonce = "";
    private string _serverNonce = "";
    private byte[] _clientFirstBare = [];
    private byte[] _serverFirst = [];

    /// <summary>Starts an exchange for <paramref name="user"/> with its stored secret (null if none/unknown).</summary>
    public ScramServerExchange(string user, string? verifier)
        : this(user, verifier, null)
    {
    }

    /// <summary>
    /// As above, with the cluster's secret mock-authentication nonce (PG keeps one in pg_control) so that mock
    /// salts are stable across processes and restarts. Without it a per-process random nonce is used.
    /// </summary>
    public ScramServerExchange(string user, string? verifier, byte[]? mockAuthNonce)
    {
        ArgumentNullException.ThrowIfNull(user);
        _user = user;
        if (verifier is not null && ScramSha256.TryParseVerifier(verifier, out int iterations, out byte[] salt,
                out byte[] storedKey, out byte[] serverKey))
        {
            _iterations = iterations;
            _salt = salt;
            _storedKey = storedKey;
            _serverKey = serverKey;
            return;
        }

        if (verifier is not null)
        {
            LogDetail = verifier.StartsWith(ScramSha256.MechanismName + "$", StringComparison.Ordinal)
                ? $"invalid SCRAM secret for user \"{user}\""
                : $"User \"{user}\" does not have a valid SCRAM secret.";
        }

        _doomed = true;
        _iterations = ScramSha256.DefaultIterations;
        _salt = MockSalt(user, mockAuthNonce ?? s_processMockNonce);
        _storedKey = new byte[ScramSha256.KeyLength];
        _serverKey = new byte[ScramSha256.KeyLength];
    }

    private enum State
    {
        Initial,
        SaltSent,
        Finished,
    }

    /// <summary>SASL mechanisms to offer in AuthenticationSASL (no SCRAM-SHA-256-PLUS: Tusk has no TLS).</summary>
    public static string[] Mechanisms => [ScramSha256.MechanismName];

    /// <summary>The user name the exchange authenticates (from the startup packet).</summary>
    public string User => _user;

    /// <summary>True when the exchange is a mock one that is bound to fail.</summary>
    public bool IsMock => _doomed;

    /// <summary>Test hook: use this server nonce instead of 18 random bytes (known-answer tests only).</summary>
    internal string? FixedServerNonce { get; init; }

    /// <summary>
    /// Server-log-only detail explaining a failure that was decided up front (PG's errdetail_log), e.g. a user
    /// whose password is an MD5 hash. Never send this to the client.
    /// </summary>
    public string? LogDetail { get; private set; }

    /// <summary>
    /// Handles SASLInitialResponse: <paramref name="mechanism"/> and its client-first-message. Returns Continue
    /// with the server-first-message to send in AuthenticationSASLContinue. Throws 08P01/0A000 PgExceptions
    /// (FATAL, as PG's ERROR is promoted during authentication) on malformed input. A SASLInitialResponse with
    /// data length -1 is handled by the caller: send an empty SASLContinue and pass the next message here.
    /// </summary>
    public AuthResult HandleInitialResponse(string mechanism, ReadOnlySpan<byte> data, out byte[] serverFirst)
    {
        serverFirst = [];
        if (_state != State.Initial)
        {
            throw new InvalidOperationException("invalid SCRAM exchange state");
        }

        if (mechanism != ScramSha256.MechanismName)
        {
            throw AuthErrors.InvalidMechanism();
        }

        CheckMessage(data);
        var r = new Reader(data);

        _cbindFlag = r.Peek;
        switch (_cbindFlag)
        {
            case (byte)'n':
            case (byte)'y':
                // 'y': the client supports channel binding but thinks we do not; without TLS we indeed do not.
                r.Advance();
                if (r.Peek != ',')
                {
                    throw Malformed($"Comma expected, but found character \"{SanitizeChar(r.Peek)}\".");
                }

                r.Advance();
                break;
            case (byte)'p':
                throw Malformed("The client selected SCRAM-SHA-256 without channel binding, but the SCRAM " +
                    "message includes channel binding data.");
            default:
                throw Malformed($"Unexpected channel-binding flag \"{SanitizeChar(r.Peek)}\".");
        }

        if (r.Peek == 'a')
        {
            throw new PgException(SqlState.FeatureNotSupported,
                "client uses authorization identity, but it is not supported", Severity.Fatal);
        }

        if (r.Peek != ',')
        {
            throw Malformed($"Unexpected attribute \"{SanitizeChar(r.Peek)}\" in client-first-message.");
        }

        r.Advance();
        _clientFirstBare = data[r.Position..].ToArray();

        if (r.Peek == 'm')
        {
            throw new PgException(SqlState.FeatureNotSupported, "client requires an unsupported SCRAM extension",
                Severity.Fatal);
        }

        _ = r.ReadAttributeValue('n'); // ignored, as in PostgreSQL
        ReadOnlySpan<byte> nonce = r.ReadAttributeValue('r');
        foreach (byte b in nonce)
        {
            if (b is < 0x21 or > 0x7E or (byte)',')
            {
                throw new PgException(SqlState.ProtocolViolation, "non-printable characters in SCRAM nonce",
                    Severity.Fatal);
            }
        }

        _clientNonce = Encoding.ASCII.GetString(nonce);
        while (!r.AtEnd)
        {
            _ = r.ReadAnyAttribute(out _); // optional extensions are ignored
        }

        _serverNonce = FixedServerNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(RawNonceLength));
        string first = string.Create(CultureInfo.InvariantCulture,
            $"r={_clientNonce}{_serverNonce},s={Convert.ToBase64String(_salt)},i={_iterations}");
        _serverFirst = Encoding.ASCII.GetBytes(first);
        serverFirst = (byte[])_serverFirst.Clone();
        _state = State.SaltSent;
        return AuthResult.Continue;
    }

    /// <summary>
    /// Handles the SASLResponse carrying client-final-message. Success: send AuthenticationSASLFinal with
    /// <paramref name="serverFinal"/> (v=ServerSignature), then AuthenticationOk. Failure (wrong password, mock
    /// exchange): report <see cref="AuthErrors.AuthFailed"/>(user, "scram-sha-256") and nothing else.
    /// </summary>
    public AuthResult HandleFinalResponse(ReadOnlySpan<byte> data, out byte[] serverFinal)
    {
        serverFinal = [];
        if (_state != State.SaltSent)
        {
            throw new InvalidOperationException("invalid SCRAM exchange state");
        }

        _state = State.Finished;
        CheckMessage(data);
        var r = new Reader(data);

        ReadOnlySpan<byte> binding = r.ReadAttributeValue('c');
        bool bindingOk = (binding.SequenceEqual("biws"u8) && _cbindFlag == 'n')
            || (binding.SequenceEqual("eSws"u8) && _cbindFlag == 'y');
        if (!bindingOk)
        {
            throw new PgException(SqlState.ProtocolViolation,
                "unexpected SCRAM channel-binding attribute in client-final-message", Severity.Fatal);
        }

        ReadOnlySpan<byte> finalNonce = r.ReadAttributeValue('r');

        int proofStart;
        byte attr;
        ReadOnlySpan<byte> proofValue;
        do
        {
            proofStart = r.Position - 1;
            proofValue = r.ReadAnyAttribute(out attr);
        }
        while (attr != 'p');

        byte[] proof = new byte[ScramSha256.KeyLength + 3];
        if (!Convert.TryFromBase64String(Encoding.ASCII.GetString(proofValue), proof, out int proofLength)
            || proofLength != ScramSha256.KeyLength)
        {
            throw Malformed("Malformed proof in client-final-message.");
        }

        if (!r.AtEnd)
        {
            throw Malformed("Garbage found at the end of client-final-message.");
        }

        if (!finalNonce.SequenceEqual(Encoding.ASCII.GetBytes(_clientNonce + _serverNonce)))
        {
            throw new PgException(SqlState.ProtocolViolation, "invalid SCRAM response", Severity.Fatal)
            {
                Detail = "Nonce does not match.",
            };
        }

        byte[] authMessage = BuildAuthMessage(data[..proofStart]);

        // Compute the proof check even for a mock exchange so that timing does not reveal unknown users.
        byte[] clientSignature = HMACSHA256.HashData(_storedKey, authMessage);
        byte[] clientKey = new byte[ScramSha256.KeyLength];
        for (int i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] = (byte)(proof[i] ^ clientSignature[i]);
        }

        bool proofOk = CryptographicOperations.FixedTimeEquals(SHA256.HashData(clientKey), _storedKey);
        if (!proofOk || _doomed)
        {
            return AuthResult.Failure;
        }

        byte[] serverSignature = HMACSHA256.HashData(_serverKey, authMessage);
        serverFinal = Encoding.ASCII.GetBytes("v=" + Convert.ToBase64String(serverSignature));
        return AuthResult.Success;
    }

    /// <summary>The salt shown for a user without a SCRAM secret: SHA-256(user || nonce), first 16 bytes.</summary>
    public static byte[] MockSalt(string user, byte[] mockAuthNonce)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(mockAuthNonce);
        byte[] u = Encoding.UTF8.GetBytes(user);
        byte[] input = new byte[u.Length + mockAuthNonce.Length];
        u.CopyTo(input, 0);
        mockAuthNonce.CopyTo(input, u.Length);
        return SHA256.HashData(input)[..ScramSha256.DefaultSaltLength];
    }

    private byte[] BuildAuthMessage(ReadOnlySpan<byte> clientFinalWithoutProof)
    {
        var msg = new byte[_clientFirstBare.Length + 1 + _serverFirst.Length + 1 + clientFinalWithoutProof.Length];
        var span = msg.AsSpan();
        _clientFirstBare.CopyTo(span);
        span = span[_clientFirstBare.Length..];
        span[0] = (byte)',';
        _serverFirst.CopyTo(span[1..]);
        span = span[(1 + _serverFirst.Length)..];
        span[0] = (byte)',';
        clientFinalWithoutProof.CopyTo(span[1..]);
        return msg;
    }

    private static void CheckMessage(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw Malformed("The message is empty.");
        }

        if (data.IndexOf((byte)0) >= 0)
        {
            throw Malformed("Message length does not match input length.");
        }
    }

    internal static PgException Malformed(string detail) =>
        new(SqlState.ProtocolViolation, "malformed SCRAM message", Severity.Fatal) { Detail = detail };

    /// <summary>PG's sanitize_char: printable ASCII quoted, anything else (including end of input) in hex.</summary>
    internal static string SanitizeChar(byte c) =>
        c is >= 0x21 and < 0x7F
            ? "'" + (char)c + "'"
            : "0x" + c.ToString("x2", CultureInfo.InvariantCulture);

    /// <summary>Cursor over a SCRAM message; reading past the end yields 0 like PG's NUL-terminated strings.</summary>
    private ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _data;

        public Reader(ReadOnlySpan<byte> data)
        {
            _data = data;
            Position = 0;
        }

        public int Position { get; private set; }

        public readonly bool AtEnd => Position >= _data.Length;

        public readonly byte Peek => AtEnd ? (byte)0 : _data[Position];

        public void Advance() => Position++;

        /// <summary>Reads "attr=value" up to the next comma (consumed) or the end.</summary>
        public ReadOnlySpan<byte> ReadAttributeValue(char attr)
        {
            if (Peek != attr)
            {
                throw Malformed($"Expected attribute \"{attr}\" but found \"{SanitizeChar(Peek)}\".");
            }

            Advance();
            if (Peek != '=')
            {
                throw Malformed($"Expected character \"=\" for attribute \"{attr}\".");
            }

            Advance();
            return ReadValue();
        }

        /// <summary>Reads any "ALPHA=value" attribute.</summary>
        public ReadOnlySpan<byte> ReadAnyAttribute(out byte attr)
        {
            attr = Peek;
            if (attr == 0)
            {
                throw Malformed("Attribute expected, but found end of string.");
            }

            if (attr is not ((>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z')))
            {
                throw Malformed($"Attribute expected, but found invalid character \"{SanitizeChar(attr)}\".");
            }

            Advance();
            if (Peek != '=')
            {
                throw Malformed($"Expected character \"=\" for attribute \"{(char)attr}\".");
            }

            Advance();
            return ReadValue();
        }

        private ReadOnlySpan<byte> ReadValue()
        {
            int start = Position;
            int comma = _data[start..].IndexOf((byte)',');
            if (comma < 0)
            {
                Position = _data.Length;
                return _data[start..];
            }

            Position = start + comma + 1;
            return _data.Slice(start, comma);
        }
    }
}
