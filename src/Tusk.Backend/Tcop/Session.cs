// One client session in a backend process (postgres.c, backend_startup.c, postinit.c): the startup
// packet, authentication, session initialisation, then the command loop of protocol 3.0 until the
// client sends Terminate or goes away. Split by concern: Session.Startup.cs (startup packet, client
// authentication, InitPostgres), Session.Simple.cs and Session.Extended.cs (the two query protocols),
// Session.Context.cs (what the executor sees: interrupts, sleep, signals to other backends).
//
// Error handling: an ERROR ends the current message's work (in a transaction block the transaction is
// marked failed; in the extended protocol input is skipped until Sync); a FATAL is sent to the client,
// logged, and ends the process with exit code 1, which the postmaster treats as a normal exit.
using Tusk.Backend.Libpq;
using Tusk.Backend.Processes;
using Tusk.Common.Elog;
using Tusk.Common.Errors;
using Tusk.Common.Guc;
using Tusk.Common.Types;
using Tusk.Storage.Activity;
using Tusk.Storage.Ipc;
using Tusk.Storage.Buffer;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Port;

namespace Tusk.Backend.Tcop;

/// <summary>Transaction block state as ReadyForQuery reports it.</summary>
public enum BlockState
{
    Idle,
    InBlock,
    Failed,
}

/// <summary>The session served by this backend process.</summary>
public sealed partial class Session
{
    readonly ChildContext _ctx;
    readonly long _backendStart;
    readonly int _cancelKey = NewCancelKey();
    bool _skipUntilSync;

    public Session(ChildContext ctx, int clientFd)
    {
        _ctx = ctx;
        Comm = new PqComm(clientFd);
        _backendStart = TypeIO.ToPgMicros(DateTime.UtcNow);
        Settings = ctx.Settings;
        Settings.Changed += OnSettingChanged;
        ApplyOutputSettings();
    }

    public PqComm Comm { get; }
    public Settings Settings { get; }
    public OutputContext Output { get; } = new();
    public BlockState Block { get; private set; } = BlockState.Idle;

    /// <summary>A secret for BackendKeyData from the kernel's random source (no crypto library is loaded for it:
    /// it would cost every backend over a megabyte of memory).</summary>
    static int NewCancelKey()
    {
        Span<byte> b = stackalloc byte[4];
        Libc.GetRandom(b);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(b);
    }

    /// <summary>Serves the client; returns the process exit code.</summary>
    public int Run()
    {
        int code = 0;
        try
        {
            Libc.SetIntSockOpt(Comm.Fd, Libc.IpProtoTcp, Libc.TcpNoDelay, 1);
            Libc.SetIntSockOpt(Comm.Fd, Libc.SolSocket, Libc.SoKeepAlive, 1);
            if (!Startup())
                return 0;
            CommandLoop();
        }
        catch (PgException e) when (e.Severity >= Severity.Fatal)
        {
            SendFatal(e);
            code = 1;
        }
        catch (TimeoutException)
        {
            Log.Write(Severity.Log, "incomplete startup packet");
            code = 1;
        }
        finally
        {
            if (_authenticated && Settings.GetBool("log_disconnections"))
                Log.Info($"disconnection: session time: {FormatDuration(TypeIO.ToPgMicros(DateTime.UtcNow) - _backendStart)} user={UserName} database={DatabaseName} host={_clientHostForLog}");
            LWLocks.ReleaseAll();
            BufMgr.ReleaseAllPins();
            AtProcExit();
            BackendStatus.ReportEnd();
            ProcGlobal.ReleaseMySlot();
            Libc.Close(Comm.Fd);
        }
        return code;
    }

    static string FormatDuration(long micros)
    {
        var t = TimeSpan.FromTicks(micros * 10);
        return $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}.{t.Milliseconds:D3}";
    }

    void SendFatal(PgException e)
    {
        Log.Report(e);
        try
        {
            BackendMessages.Error(Comm, e);
            Comm.Flush();
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Reads and dispatches messages until Terminate or EOF.</summary>
    void CommandLoop()
    {
        Comm.OnInterrupt = OnInterruptWhileIdle;
        while (true)
        {
            Interrupts.QueryCancelPending = false;
            if (!Comm.HasBufferedInput)
            {
                ReportIdleState();
                if (!Comm.Flush())
                    return;
            }
            if (Interrupts.ProcDiePending)
                throw TerminationError();
            byte type;
            ReadOnlySpan<byte> body;
            try
            {
                if (!Comm.ReadMessage(out type, out body))
                    return; // EOF: the client went away without Terminate
            }
            catch (PgException e) when (e.Severity < Severity.Fatal)
            {
                throw new PgException(e.SqlState, e.Message, Severity.Fatal);
            }
            if (Interrupts.ConfigReloadPending)
                ProcessConfigReload();
            if (type == (byte)'X')
                return;
            if (_skipUntilSync && type != (byte)'S')
                continue;
            try
            {
                Dispatch(type, body);
            }
            catch (Exception ex) when (ex is PgException { Severity: < Severity.Fatal } || IsRecoverable(ex))
            {
                var e = ex as PgException ?? new PgException(SqlState.InternalError, ex.Message);
                ReportError(e);
                if (IsExtendedMessage(type))
                    _skipUntilSync = true;
                else
                    SendReadyForQuery();
            }
        }
    }

    /// <summary>
    /// A .NET exception from executor code (an overflow, a bad cast, a missing key) is reported as ERROR XX000 and
    /// the session goes on, like elog(ERROR) — but only while no LWLock is held: then no shared structure can be
    /// half-changed. Anything else crashes the backend, and the postmaster resets shared memory.
    /// </summary>
    static bool IsRecoverable(Exception e) => LWLocks.HeldCount == 0 && e is OverflowException or InvalidCastException
        or IndexOutOfRangeException or ArgumentException or NullReferenceException or KeyNotFoundException
        or FormatException or DivideByZeroException;

    static bool IsExtendedMessage(byte t) => t is (byte)'P' or (byte)'B' or (byte)'D' or (byte)'E' or (byte)'C'
        or (byte)'H';

    void Dispatch(byte type, ReadOnlySpan<byte> body)
    {
        switch (type)
        {
            case (byte)'Q':
            {
                var r = new MessageReader(body);
                string sql = r.ReadCString();
                r.End();
                ExecSimpleQuery(sql);
                break;
            }
            case (byte)'P':
                HandleParse(body);
                break;
            case (byte)'B':
                HandleBind(body);
                break;
            case (byte)'D':
                HandleDescribe(body);
                break;
            case (byte)'E':
                HandleExecute(body);
                break;
            case (byte)'C':
                HandleClose(body);
                break;
            case (byte)'S':
                _skipUntilSync = false;
                FinishImplicitTransaction();
                SendReadyForQuery();
                break;
            case (byte)'H':
                Comm.Flush();
                break;
            case (byte)'d':
            case (byte)'c':
            case (byte)'f':
                // COPY data outside COPY: ignored, as PostgreSQL does.
                break;
            case (byte)'F':
                Throw.Error(SqlState.FeatureNotSupported, "fastpath function calls are not supported");
                break;
            default:
                throw new PgException(SqlState.ProtocolViolation, $"invalid frontend message type {type}",
                    Severity.Fatal);
        }
    }

    /// <summary>Sends an ERROR (and logs it), marking an open transaction block failed.</summary>
    void ReportError(PgException e, string? statement = null)
    {
        Log.Report(e, statement ?? _currentStatement);
        // Resource cleanup of the failed statement (AbortTransaction's resource owner release): scans abandoned by
        // the error still pin their pages; portals are closed, as their scans are gone.
        AtErrorPortals();
        if (Block == BlockState.InBlock)
            Block = BlockState.Failed;
        else if (Block == BlockState.Idle)
            EndTransaction(commit: false);
        BackendMessages.Error(Comm, e);
    }

    void SendNotice(Severity severity, string sqlState, string message, string? detail = null, string? hint = null,
        int position = 0)
    {
        if (severity < Log.ParseLevel(Settings.GetString("client_min_messages")) && severity != Severity.Info)
            return;
        BackendMessages.ErrorOrNotice(Comm, false, severity, sqlState, message, detail, hint, position);
    }

    /// <summary>
    /// Parses a query string under the session's standard_conforming_strings; with escape_string_warning on, the
    /// lexer's warnings about backslashes in '...' literals go to the client as they arise.
    /// </summary>
    List<Tusk.Sql.Nodes.RawStmt> ParseQueryText(string sql) => Tusk.Sql.Parser.RawParser.Parse(sql,
        Settings.GetBool("standard_conforming_strings"),
        Settings.GetBool("escape_string_warning")
            ? w => SendNotice(w.Severity, w.SqlState, w.Message, w.Detail, w.Hint, w.Position)
            : null);

    void SendReadyForQuery()
    {
        SendChangedParameters();
        byte status = Block switch
        {
            BlockState.Idle => (byte)'I',
            BlockState.InBlock => (byte)'T',
            _ => (byte)'E',
        };
        BackendMessages.ReadyForQuery(Comm, status);
    }

    void SendChangedParameters()
    {
        foreach (var name in Settings.TakeChangedReported())
            BackendMessages.ParameterStatus(Comm, GucTable.Find(name)!.Name, Settings.Show(name));
    }

    void ReportIdleState()
    {
        var state = Block switch
        {
            BlockState.Idle => BackendState.Idle,
            BlockState.InBlock => BackendState.IdleInTransaction,
            _ => BackendState.IdleInTransactionAborted,
        };
        BackendStatus.ReportActivity(state, null, TypeIO.ToPgMicros(DateTime.UtcNow));
        SetTitleState(state switch
        {
            BackendState.Idle => "idle",
            BackendState.IdleInTransaction => "idle in transaction",
            _ => "idle in transaction (aborted)",
        });
    }

    string _titlePrefix = "tusk: backend";
    string _titleState = "";

    /// <summary>ps shows "tusk: USER DB HOST STATE", as PostgreSQL's update_process_title does.</summary>
    void SetTitleState(string state)
    {
        if (ReferenceEquals(state, _titleState))
            return;
        _titleState = state;
        ProcessTitle.SetArgs(_titlePrefix + " " + state);
    }

    void ProcessConfigReload()
    {
        Interrupts.ConfigReloadPending = false;
        _ctx.Reload();
    }

    void OnSettingChanged(string name)
    {
        if (name is "TimeZone" or "extra_float_digits" or "DateStyle" or "IntervalStyle" or "bytea_output")
            ApplyOutputSettings();
        else if (name == "application_name")
            BackendStatus.ReportAppName(Settings.GetString("application_name"));
    }

    void ApplyOutputSettings()
    {
        Output.TransactionStart ??= () => TransactionStartMicros;
        Output.ExtraFloatDigits = Settings.GetInt("extra_float_digits");
        Output.DateStyle = Settings.GetString("DateStyle");
        Output.IntervalStyle = Settings.GetString("IntervalStyle");
        Output.ByteaHex = Settings.GetString("bytea_output") == "hex";
        string tz = Settings.GetString("TimeZone");
        if (tz != Output.TimeZoneName)
        {
            Output.TimeZoneName = tz;
            Output.TimeZone = FindTimeZone(tz) ?? TimeZoneInfo.Utc;
        }
    }

    internal static TimeZoneInfo? FindTimeZone(string name)
    {
        if (name.Equals("UTC", StringComparison.OrdinalIgnoreCase) || name.Equals("GMT", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase) || name == "Z")
            return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }
}
