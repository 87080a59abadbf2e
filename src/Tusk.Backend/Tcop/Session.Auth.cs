// Client authentication (auth.c ClientAuthentication): pick the tusk_hba.conf record for this connection,
// then run its method: trust, reject, password (clear text), md5 (which becomes SCRAM when the stored
// secret is a SCRAM verifier, as in PostgreSQL) or scram-sha-256. Unknown roles go through the same
// exchange and fail at its end, so a client cannot probe for role names; with trust they get 28000.
using Tusk.Catalog;
using Tusk.Backend.Libpq;
using Tusk.Backend.Libpq.Auth;
using Tusk.Common.Elog;
using Tusk.Common.Errors;

namespace Tusk.Backend.Tcop;

public sealed partial class Session
{
    const int AuthCleartext = 3;
    const int AuthMd5 = 5;
    const int AuthSaslContinue = 11;
    const int AuthSaslFinal = 12;

    void Authenticate(long deadline)
    {
        string hbaPath = Path.Combine(_ctx.Args.DataDir, HbaFile.DefaultFileName);
        var errors = new List<string>();
        List<HbaLine> lines;
        try
        {
            lines = HbaFile.Parse(File.ReadAllText(hbaPath), HbaFile.DefaultFileName, errors);
        }
        catch (IOException e)
        {
            throw new PgException(SqlState.SystemError, $"could not open file \"{hbaPath}\": {e.Message}", Severity.Fatal);
        }
        if (errors.Count > 0)
        {
            foreach (var e in errors)
                Log.Write(Severity.Log, e);
            throw new PgException(SqlState.ConnectionFailure, "could not load " + HbaFile.DefaultFileName, Severity.Fatal);
        }
        var client = new HbaClient
        {
            IsUnixSocket = _clientAddress == null,
            Address = ParseAddress(_clientAddress),
            Database = DatabaseName,
            User = UserName,
        };
        var line = HbaMatcher.Match(lines, client) ?? throw HbaMatcher.NoEntry(client);
        if (line.Method == HbaMethod.Reject)
            throw HbaMatcher.Rejected(client);
        if (!line.IsMethodSupported)
            throw AuthErrors.MethodNotSupported(line.MethodName);

        var role = SharedCatalog.FindRole(UserName);
        string? stored = role?.Password;
        switch (line.Method)
        {
            case HbaMethod.Trust:
                break;
            case HbaMethod.Password:
            {
                BackendMessages.AuthenticationRequest(Comm, AuthCleartext);
                Comm.Flush();
                string pw = ReadPasswordMessage(deadline);
                if (pw.Length == 0)
                    throw AuthErrors.EmptyPassword();
                if (role == null || !PlainPassword.Verify(UserName, stored, pw))
                    throw Failed(line, role == null ? $"Role \"{UserName}\" does not exist." : null);
                break;
            }
            case HbaMethod.Md5 when !Md5Password.ShouldUseScram("md5", stored,
                    Settings.GetString("password_encryption")):
            {
                byte[] salt = new byte[4];
                Tusk.Storage.Port.Libc.GetRandom(salt);
                BackendMessages.AuthenticationRequest(Comm, AuthMd5, salt);
                Comm.Flush();
                string resp = ReadPasswordMessage(deadline);
                if (role == null || stored == null || !Md5Password.VerifyResponse(stored, salt, resp))
                    throw Failed(line, role == null ? $"Role \"{UserName}\" does not exist." : null);
                break;
            }
            default:
                Scram(line, role, stored, deadline);
                break;
        }
        if (role == null)
            throw new PgException(SqlState.InvalidAuthorizationSpecification,
                $"role \"{UserName}\" does not exist", Severity.Fatal);
        if (!role.CanLogin)
            throw new PgException(SqlState.InvalidAuthorizationSpecification,
                $"role \"{UserName}\" is not permitted to log in", Severity.Fatal);
        UserOid = role.Oid;
        IsSuperuser = role.Superuser;
        BackendMessages.AuthenticationOk(Comm);
    }

    PgException Failed(HbaLine line, string? logDetail)
    {
        var e = AuthErrors.AuthFailed(UserName, line.MethodName);
        Log.Write(Severity.Fatal, e.Message,
            (logDetail != null ? logDetail + " " : "") + $"Connection matched {line.FileName} line {line.LineNumber}: \"{line.RawLine.Trim()}\"");
        return e;
    }

    string ReadPasswordMessage(long deadline)
    {
        if (!Comm.ReadMessage(out byte type, out var body, deadline))
            throw new PgException(SqlState.ConnectionFailure, "connection closed during authentication", Severity.Fatal);
        if (type != (byte)'p')
            throw AuthErrors.ExpectedPasswordResponse((char)type);
        var r = new MessageReader(body);
        string pw = r.ReadCString();
        r.End();
        return pw;
    }

    void Scram(HbaLine line, RoleInfo? role, string? stored, long deadline)
    {
        var exchange = new ScramServerExchange(UserName, role == null ? null : stored, MockAuthNonce());
        BackendMessages.AuthenticationSasl(Comm, ScramServerExchange.Mechanisms);
        Comm.Flush();
        bool first = true;
        while (true)
        {
            if (!Comm.ReadMessage(out byte type, out var body, deadline))
                throw new PgException(SqlState.ConnectionFailure, "connection closed during authentication",
                    Severity.Fatal);
            if (type != (byte)'p')
                throw AuthErrors.ExpectedSaslResponse((char)type);
            var r = new MessageReader(body);
            AuthResult result;
            byte[] reply;
            if (first)
            {
                string mechanism = r.ReadCString();
                int len = r.ReadInt32();
                if (len == -1)
                {
                    // No initial response: ask for it with an empty challenge.
                    r.End();
                    BackendMessages.AuthenticationRequest(Comm, AuthSaslContinue);
                    Comm.Flush();
                    if (!Comm.ReadMessage(out type, out body, deadline) || type != (byte)'p')
                        throw AuthErrors.ExpectedSaslResponse((char)type);
                    result = exchange.HandleInitialResponse(mechanism, body, out reply);
                }
                else
                {
                    var data = r.ReadBytes(len);
                    r.End();
                    result = exchange.HandleInitialResponse(mechanism, data, out reply);
                }
                first = false;
            }
            else
            {
                result = exchange.HandleFinalResponse(body, out reply);
            }
            if (result == AuthResult.Failure)
                throw Failed(line, exchange.LogDetail);
            BackendMessages.AuthenticationRequest(Comm, result == AuthResult.Success ? AuthSaslFinal : AuthSaslContinue,
                reply);
            if (result == AuthResult.Success)
                return;
            Comm.Flush();
        }
    }

    /// <summary>The cluster's secret for mock SCRAM salts, written by initdb.</summary>
    byte[]? MockAuthNonce()
    {
        try
        {
            return Convert.FromHexString(File.ReadAllText(Path.Combine(_ctx.Args.DataDir, "global", "mock_auth_nonce")).Trim());
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return null;
        }
    }
}
