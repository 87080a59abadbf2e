// Session start (backend_startup.c ProcessStartupPacket, auth.c ClientAuthentication, postinit.c
// InitPostgres): SSL/GSS negotiation (refused with 'N' until TLS lands), cancel requests, protocol version,
// startup options, pg_hba rules, authentication, role and database checks, the process slot
// (max_connections), and the opening ParameterStatus/BackendKeyData/ReadyForQuery.
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Tusk.Catalog;
using Tusk.Backend.Libpq;
using Tusk.Common.Elog;
using Tusk.Common.Errors;
using Tusk.Common.Guc;
using Tusk.Storage.Ipc;
using Tusk.Common.Utils;
using Tusk.Storage.Activity;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Port;

namespace Tusk.Backend.Tcop;

public sealed partial class Session
{
    const int CancelRequestCode = 80877102;
    const int SslRequestCode = 80877103;
    const int GssEncRequestCode = 80877104;

    bool _authenticated;
    string _clientHostForLog = "[local]";
    int _clientFamily;
    string? _clientAddress;
    int _clientPort;

    public string UserName { get; private set; } = "";
    public uint UserOid { get; private set; }
    public bool IsSuperuser { get; private set; }
    public string DatabaseName { get; private set; } = "";
    public uint DatabaseOid { get; private set; }

    /// <summary>Runs the start-up phase. Returns false when the connection ends without a session.</summary>
    bool Startup()
    {
        var (family, addr, port) = Libc.PeerAddress(Comm.Fd);
        _clientFamily = family;
        if (family is 2 or 10)
        {
            _clientAddress = addr;
            _clientPort = port;
            _clientHostForLog = $"{addr} port={port}";
        }
        else
        {
            _clientPort = -1;
        }
        ProcessTitle.Set("tusk: backend (starting)");
        long deadline = Environment.TickCount64 + Settings.GetInt("authentication_timeout") * 1000L;
        Comm.OnInterrupt = () =>
        {
            if (Interrupts.ProcDiePending)
                throw TerminationError();
        };
        byte[]? packet;
        bool sslDone = false, gssDone = false;
        while (true)
        {
            packet = Comm.ReadStartupPacket(deadline);
            if (packet == null)
                return false; // connection opened and closed (e.g. a port probe)
            int code = BinaryPrimitives.ReadInt32BigEndian(packet);
            if (code == SslRequestCode && !sslDone)
            {
                sslDone = true;
                Comm.WriteRawAndFlush("N"u8);
                continue;
            }
            if (code == GssEncRequestCode && !gssDone)
            {
                gssDone = true;
                Comm.WriteRawAndFlush("N"u8);
                continue;
            }
            if (code == CancelRequestCode)
            {
                ProcessCancelRequest(packet);
                return false;
            }
            break;
        }
        ProcessStartupParameters(packet);
        if (Settings.GetBool("log_connections"))
            Log.Info($"connection received: host={(_clientAddress ?? "[local]")}{(_clientPort > 0 ? " port=" + _clientPort : "")}");
        // The process slot comes before authentication, which reads pg_authid through the buffer cache (LWLocks
        // need a slot); the superuser reservation is checked once the role is known (InitPostgres).
        if (ProcGlobal.ClaimClientSlot(true, 0, BackendType.ClientBackend, _cancelKey) == -1)
            throw new PgException(SqlState.TooManyConnections, "sorry, too many clients already", Severity.Fatal);
        Authenticate(deadline);
        _authenticated = true;
        InitPostgres();
        return true;
    }

    void ProcessCancelRequest(byte[] packet)
    {
        if (packet.Length != 12)
            return;
        int pid = BinaryPrimitives.ReadInt32BigEndian(packet.AsSpan(4));
        int key = BinaryPrimitives.ReadInt32BigEndian(packet.AsSpan(8));
        // As in PostgreSQL, nothing is sent back: the client just sees the connection close.
        int slot = ProcGlobal.FindByPid(pid);
        if (slot >= 0 && ProcGlobal.Proc(slot).BackendType == (int)BackendType.ClientBackend
            && ProcGlobal.Proc(slot).CancelKey == key)
            Libc.Kill(pid, Libc.SigInt);
        else
            Log.Write(Severity.Log, $"wrong key in cancel request for process {pid}");
    }

    readonly List<(string Name, string Value)> _startupOptions = [];

    void ProcessStartupParameters(byte[] packet)
    {
        int version = BinaryPrimitives.ReadInt32BigEndian(packet);
        int major = version >> 16, minor = version & 0xFFFF;
        if (major != 3)
            throw new PgException(SqlState.FeatureNotSupported,
                $"unsupported frontend protocol {major}.{minor}: server supports 3.0 to 3.0", Severity.Fatal);
        var r = new MessageReader(packet.AsSpan(4));
        var unrecognized = new List<string>();
        string? user = null, database = null;
        while (r.Remaining > 0)
        {
            string name = r.ReadCString();
            if (name.Length == 0)
                break;
            string value = r.ReadCString();
            switch (name)
            {
                case "user":
                    user = value;
                    break;
                case "database":
                    database = value;
                    break;
                case "options":
                    ParseOptions(value);
                    break;
                case "replication":
                    if (GucValue.TryParseBool(value, out bool repl) && !repl)
                        break;
                    throw new PgException(SqlState.FeatureNotSupported,
                        "replication connections are not supported yet", Severity.Fatal);
                default:
                    if (name.StartsWith("_pq_.", StringComparison.Ordinal))
                        unrecognized.Add(name);
                    else
                        _startupOptions.Add((name, value));
                    break;
            }
        }
        if (string.IsNullOrEmpty(user))
            throw new PgException(SqlState.InvalidAuthorizationSpecification,
                "no PostgreSQL user name specified in startup packet", Severity.Fatal);
        UserName = Truncate63(user);
        DatabaseName = Truncate63(string.IsNullOrEmpty(database) ? user : database);
        if (minor > 0 || unrecognized.Count > 0)
            BackendMessages.NegotiateProtocolVersion(Comm, 0, unrecognized);
    }

    static string Truncate63(string s) => s.Length > 63 ? s[..63] : s;

    /// <summary>The "options" startup parameter: -c name=value and --name=value switches.</summary>
    void ParseOptions(string options)
    {
        var words = new List<string>();
        var cur = new System.Text.StringBuilder();
        for (int i = 0; i < options.Length; i++)
        {
            char c = options[i];
            if (c == '\\' && i + 1 < options.Length)
                cur.Append(options[++i]);
            else if (char.IsWhiteSpace(c))
            {
                if (cur.Length > 0)
                    words.Add(cur.ToString());
                cur.Clear();
            }
            else
                cur.Append(c);
        }
        if (cur.Length > 0)
            words.Add(cur.ToString());
        for (int i = 0; i < words.Count; i++)
        {
            string w = words[i];
            string? kv = null;
            if (w == "-c" && i + 1 < words.Count)
                kv = words[++i];
            else if (w.StartsWith("-c", StringComparison.Ordinal))
                kv = w[2..];
            else if (w.StartsWith("--", StringComparison.Ordinal))
                kv = w[2..];
            int eq = kv?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            if (kv == null || eq <= 0)
                throw new PgException(SqlState.SyntaxError, $"invalid command-line argument for server process: {w}",
                    Severity.Fatal)
                {
                    Hint = "Try \"tusk --help\" for more information.",
                };
            _startupOptions.Add((kv[..eq].Replace('-', '_'), kv[(eq + 1)..]));
        }
    }

    /// <summary>InitPostgres: database, process slot, settings from the client, status entry, greeting.</summary>
    void InitPostgres()
    {
        var db = SharedCatalog.FindDatabase(DatabaseName) ?? throw new PgException(
            SqlState.InvalidCatalogName, $"database \"{DatabaseName}\" does not exist", Severity.Fatal);
        if (!db.AllowConnections)
            throw new PgException(SqlState.ObjectNotInPrerequisiteState,
                $"database \"{DatabaseName}\" is not currently accepting connections", Severity.Fatal);
        DatabaseOid = db.Oid;
        if (!IsSuperuser && ProcGlobal.FreeClientSlots < Settings.GetInt("superuser_reserved_connections"))
            throw new PgException(SqlState.TooManyConnections,
                "remaining connection slots are reserved for non-replication superuser connections", Severity.Fatal);
        ref var proc = ref ProcGlobal.MyProc;
        proc.DatabaseOid = DatabaseOid;
        proc.RoleOid = UserOid;
        proc.IsSuperuser = IsSuperuser ? 1 : 0;

        Settings.IsSuperuser = IsSuperuser;
        Settings.SetInternal("is_superuser", IsSuperuser ? "on" : "off", GucSource.Override);
        Settings.SetInternal("session_authorization", UserName, GucSource.Override);
        foreach (var (name, value, forRole) in SharedCatalog.DatabaseSettings(DatabaseOid, UserOid))
        {
            try
            {
                Settings.Set(name, value, forRole ? GucSource.User : GucSource.Database);
            }
            catch (PgException e)
            {
                SendNotice(Severity.Warning, e.SqlState, e.Message);
            }
        }
        foreach (var (name, value) in _startupOptions)
        {
            try
            {
                Settings.Set(name, value, GucSource.Client);
            }
            catch (PgException e)
            {
                throw new PgException(e.SqlState, e.Message, Severity.Fatal) { Hint = e.Hint };
            }
        }
        string enc = Settings.GetString("client_encoding");
        string? canonicalEnc = CanonicalEncoding(enc) ?? throw new PgException(SqlState.InvalidParameterValue,
            $"invalid value for parameter \"client_encoding\": \"{enc}\"", Severity.Fatal);
        if (canonicalEnc != enc)
            Settings.Set("client_encoding", canonicalEnc, GucSource.Client);
        ApplyOutputSettings();
        Settings.TakeChangedReported();

        BackendStatus.ReportStart(BackendType.ClientBackend, _backendStart, DatabaseOid, DatabaseName, UserOid, UserName,
            Settings.GetString("application_name"), _clientFamily, _clientAddress, _clientPort);
        string host = _clientAddress != null ? $"{_clientAddress}({_clientPort})" : "[local]";
        _titlePrefix = $"tusk: {UserName} {DatabaseName} {host}";
        ProcessTitle.Set(_titlePrefix + " idle");
        _titleState = "idle";
        if (Settings.GetBool("log_connections"))
            Log.Info($"connection authorized: user={UserName} database={DatabaseName}");

        foreach (var def in GucTable.All)
            if (def.Reported)
                BackendMessages.ParameterStatus(Comm, def.Name, Settings.Show(def.Name));
        BackendMessages.BackendKeyData(Comm, Environment.ProcessId, _cancelKey);
        SendReadyForQuery();
    }

    /// <summary>Client encodings accepted: UTF8 (and its aliases) and SQL_ASCII, which passes bytes through.</summary>
    static string? CanonicalEncoding(string name)
    {
        string n = name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)
            .ToUpperInvariant();
        return n switch
        {
            "UTF8" or "UNICODE" => "UTF8",
            "SQLASCII" => "SQL_ASCII",
            _ => null,
        };
    }

    internal static IPAddress? ParseAddress(string? s) => s != null && IPAddress.TryParse(s, out var ip) ? ip : null;

    internal static string Invariant(int v) => v.ToString(CultureInfo.InvariantCulture);
}
