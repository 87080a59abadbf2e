// The postmaster (postmaster.c): owns the listen sockets, starts and supervises every other process, runs
// the crash-reset cycle, and never executes SQL. After creating shared memory it touches it only to free
// the process slot of a child that exited normally. Its main loop is one poll() over the listen sockets,
// the children's control sockets and an eventfd that signal handlers and child-exit callbacks write to.
//
// Principal entry point: Run(). States (pmState):
//   Startup      the startup process replays WAL; connections are refused with 57P03 (at every start and
//                after each crash reset); its exit 0 starts the background processes and Run
//   Run          accepting; pool of pre-started backends kept at backend_pool_size
//   CrashWait    a child died abnormally: all others got SIGQUIT; when all are gone, shared memory is
//                recreated and Run resumes
//   StopBackends shutdown requested: new connections refused with 57P03; smart waits, fast sends SIGTERM
//   StopAux      client backends gone: background processes told to stop (checkpointer last)
//   Exit         everything gone: sockets, shared memory and postmaster.pid removed
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Tusk.Common.Elog;
using Tusk.Common.Errors;
using Tusk.Common.Guc;
using Tusk.Common.Utils;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Port;

namespace Tusk.Postmaster;

/// <summary>The postmaster process.</summary>
public sealed class Postmaster
{
    enum PmState
    {
        Startup,
        Run,
        CrashWait,
        StopBackends,
        StopAux,
        Exit,
    }

    enum ShutdownMode
    {
        None,
        Smart,
        Fast,
        Immediate,
    }

    static readonly BackendType[] AuxProcesses =
    [
        BackendType.Checkpointer, BackendType.BackgroundWriter, BackendType.WalWriter,
        BackendType.AutovacuumLauncher, BackendType.LogicalReplicationLauncher,
    ];

    const int SigkillAfterMs = 5000;

    int _exitCode;
    bool _afterCrash;

    readonly string _dataDir;
    readonly Settings _settings;
    readonly List<string> _overrides;
    readonly Dictionary<int, ChildProcess> _children = [];
    readonly Queue<int> _pendingClients = new();
    readonly ConcurrentQueue<(ChildProcess Child, int Code)> _exited = new();
    readonly int _wakeFd = Libc.EventFd();
    readonly ListenSockets _listen = new();

    PmState _state = PmState.Run;
    ShutdownMode _shutdown = ShutdownMode.None;
    long _stateSince;
    int _generation;
    SharedMemory? _shm;
    ChildLauncher? _launcher;
    PidFile? _pidFile;
    volatile int _sigTerm, _sigInt, _sigQuit, _sigHup;

    public Postmaster(string dataDir, Settings settings, List<string> overrides)
    {
        _dataDir = dataDir;
        _settings = settings;
        _overrides = overrides;
    }

    string ConfigPath => Path.Combine(_dataDir, "tusk.conf");

    /// <summary>Runs the postmaster until shutdown; returns the process exit code.</summary>
    public int Run()
    {
        Log.BackendType = "postmaster";
        int port = _settings.GetInt("port");
        CheckLockFile();
        long key = ShmemLayout.KeyForPort(port);
        string shmPath = ShmemLayout.PathForKey(key);
        int owner = SharedMemory.ReadOwnerPid(shmPath);
        if (owner != 0 && owner != Environment.ProcessId && PidFile.IsAlive(owner))
            throw new PgException(SqlState.ConnectionFailure,
                $"pre-existing shared memory block (key {key}) is still in use", Severity.Fatal)
            {
                Hint = "Terminate any old server processes associated with data directory \"" + _dataDir + "\".",
            };
        _pidFile = new PidFile
        {
            Pid = Environment.ProcessId,
            DataDir = _dataDir,
            StartTime = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Port = port,
            SocketDir = _settings.GetString("unix_socket_directories").Split(',')[0].Trim(),
            ListenAddress = _settings.GetString("listen_addresses").Split(',')[0].Trim(),
            ShmemKey = string.Create(CultureInfo.InvariantCulture, $"{key,9} {0,9}"),
            Status = PidFile.StatusStarting,
        };
        _pidFile.Write(_dataDir);
        try
        {
            InstallSignals();
            _listen.OpenTcp(_settings.GetString("listen_addresses"), port);
            _listen.OpenUnix(_settings.GetString("unix_socket_directories"), port);
            if (_listen.Sockets.Count == 0)
                throw new PgException(SqlState.ConnectionFailure, "no socket created for listening", Severity.Fatal);
            _shm = SharedMemory.Create(shmPath, ShmemLayout.Build(_settings), Environment.ProcessId);
            _launcher = new ChildLauncher(_dataDir, shmPath, _overrides, OnChildExit);
            BeginStartup();
            ServerLoop();
            Log.Info("database system is shut down");
            return _exitCode;
        }
        finally
        {
            foreach (var c in _children.Values)
                Libc.Kill(c.Pid, Libc.SigKill);
            _listen.Dispose();
            _shm?.Remove();
            try
            {
                File.Delete(PidFile.PathIn(_dataDir));
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Starts the startup process; the rest waits for its successful exit (<see cref="StartupDone"/>).</summary>
    void BeginStartup()
    {
        SetState(PmState.Startup);
        StartChild(BackendType.Startup);
    }

    void StartupDone()
    {
        SetState(PmState.Run);
        _afterCrash = false;
        StartAuxProcesses();
        MaintainPool();
        if (_pidFile != null)
        {
            _pidFile.Status = PidFile.StatusReady;
            _pidFile.Write(_dataDir);
        }
        Log.Info("database system is ready to accept connections");
    }

    void CheckLockFile()
    {
        var existing = PidFile.Read(_dataDir);
        if (existing != null && existing.Pid != Environment.ProcessId && PidFile.IsAlive(existing.Pid))
            throw new PgException(SqlState.ConnectionFailure,
                $"lock file \"{PidFile.FileName}\" already exists", Severity.Fatal)
            {
                Hint = $"Is another postmaster (PID {existing.Pid}) running in data directory \"{_dataDir}\"?",
            };
    }

    void InstallSignals()
    {
        Interrupts.On(Libc.SigTerm, () => { _sigTerm = 1; Libc.EventFdSignal(_wakeFd); });
        Interrupts.On(Libc.SigInt, () => { _sigInt = 1; Libc.EventFdSignal(_wakeFd); });
        Interrupts.On(Libc.SigQuit, () => { _sigQuit = 1; Libc.EventFdSignal(_wakeFd); });
        Interrupts.On(Libc.SigHup, () => { _sigHup = 1; Libc.EventFdSignal(_wakeFd); });
        Interrupts.Ignore(Libc.SigUsr1);
        Interrupts.Ignore(Libc.SigUsr2);
    }

    void OnChildExit(ChildProcess child, int code)
    {
        _exited.Enqueue((child, code));
        Libc.EventFdSignal(_wakeFd);
    }

    void ServerLoop()
    {
        var fds = new List<Libc.PollFd>();
        var fdOwners = new List<ChildProcess?>();
        while (_state != PmState.Exit)
        {
            fds.Clear();
            fdOwners.Clear();
            fds.Add(new Libc.PollFd { Fd = _wakeFd, Events = Libc.PollIn });
            fdOwners.Add(null);
            int listenCount = _state is PmState.Run or PmState.StopBackends or PmState.CrashWait or PmState.Startup
                ? _listen.Sockets.Count : 0;
            for (int i = 0; i < listenCount; i++)
            {
                fds.Add(new Libc.PollFd { Fd = (int)_listen.Sockets[i].Handle, Events = Libc.PollIn });
                fdOwners.Add(null);
            }
            foreach (var c in _children.Values)
                if (c.ControlFd >= 0 && c.State == ChildState.Starting)
                {
                    fds.Add(new Libc.PollFd { Fd = c.ControlFd, Events = Libc.PollIn });
                    fdOwners.Add(c);
                }
            var arr = fds.ToArray();
            Libc.Poll(arr, 1000);

            if ((arr[0].Revents & Libc.PollIn) != 0)
                Libc.EventFdDrain(_wakeFd);
            HandleSignals();
            ReapChildren();
            for (int i = 1 + listenCount; i < arr.Length; i++)
                if (arr[i].Revents != 0 && fdOwners[i] is { } child)
                    HandleControlMessage(child);
            for (int i = 1; i <= listenCount; i++)
                if ((arr[i].Revents & Libc.PollIn) != 0)
                    AcceptAll((int)_listen.Sockets[i - 1].Handle);
            Advance();
        }
    }

    void HandleSignals()
    {
        if (Interlocked.Exchange(ref _sigHup, 0) != 0)
            Reload();
        if (Interlocked.Exchange(ref _sigQuit, 0) != 0)
            BeginShutdown(ShutdownMode.Immediate);
        if (Interlocked.Exchange(ref _sigInt, 0) != 0)
            BeginShutdown(ShutdownMode.Fast);
        if (Interlocked.Exchange(ref _sigTerm, 0) != 0)
            BeginShutdown(ShutdownMode.Smart);
    }

    void Reload()
    {
        Log.Info("received SIGHUP, reloading configuration files");
        try
        {
            _settings.LoadFile(ConfigPath, isReload: true, msg => Log.Info(msg), isPostmaster: true);
            ApplyCommandLine();
        }
        catch (PgException e)
        {
            Log.Report(e);
        }
        Log.MinLevel = Log.ParseLevel(_settings.GetString("log_min_messages"));
        foreach (var c in _children.Values)
        {
            // A child still starting may not handle SIGHUP yet (the default action would kill it).
            if (c.State == ChildState.Starting)
                c.ReloadPending = true;
            else
                Libc.Kill(c.Pid, Libc.SigHup);
        }
        MaintainPool();
    }

    /// <summary>Command-line settings (-p, -c) outrank the file on reload too.</summary>
    void ApplyCommandLine()
    {
        foreach (var o in _overrides)
        {
            int eq = o.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && _settings.SourceOf(o[..eq]) < GucSource.CommandLine)
                _settings.SetInternal(o[..eq], o[(eq + 1)..], GucSource.CommandLine);
        }
    }

    void BeginShutdown(ShutdownMode mode)
    {
        if (mode <= _shutdown)
            return;
        _shutdown = mode;
        switch (mode)
        {
            case ShutdownMode.Smart:
                Log.Info("received smart shutdown request");
                break;
            case ShutdownMode.Fast:
                Log.Info("received fast shutdown request");
                break;
            default:
                Log.Info("received immediate shutdown request");
                break;
        }
        if (_pidFile != null)
        {
            _pidFile.Status = PidFile.StatusStopping;
            _pidFile.Write(_dataDir);
        }
        RejectPendingClients("the database system is shutting down");
        if (mode == ShutdownMode.Immediate)
        {
            foreach (var c in _children.Values)
                SignalChild(c, Libc.SigQuit);
            SetState(PmState.StopAux);
            return;
        }
        // Idle pool backends have no client: tell them to go.
        foreach (var c in _children.Values)
            if (c.Type == BackendType.ClientBackend && c.State != ChildState.Active)
                SignalChild(c, Libc.SigTerm);
        if (mode == ShutdownMode.Fast)
        {
            Log.Info("aborting any active transactions");
            foreach (var c in _children.Values)
                if (c.Type == BackendType.ClientBackend)
                    SignalChild(c, Libc.SigTerm);
        }
        if (_state != PmState.CrashWait)
            SetState(PmState.StopBackends);
    }

    void SetState(PmState s)
    {
        _state = s;
        _stateSince = Environment.TickCount64;
    }

    static void SignalChild(ChildProcess c, int sig)
    {
        c.SignalledToExit |= sig is Libc.SigTerm or Libc.SigQuit or Libc.SigKill or Libc.SigUsr2;
        Libc.Kill(c.Pid, sig);
    }

    void ReapChildren()
    {
        while (_exited.TryDequeue(out var e))
        {
            var (child, code) = e;
            if (!_children.Remove(child.Pid))
                continue;
            if (child.ControlFd >= 0)
            {
                Libc.Close(child.ControlFd);
                child.ControlFd = -1;
            }
            child.Process.Dispose();
            // Exit 0 or 1 is normal; so is death by the SIGTERM we sent to a child still starting (before its
            // handler was installed).
            bool normal = code == 0 || code == 1 || (child.SignalledToExit && code == 128 + Libc.SigTerm);
            if (_state == PmState.CrashWait || _shutdown == ShutdownMode.Immediate)
                continue;
            if (child.Type == BackendType.Startup && _state == PmState.Startup)
            {
                ProcGlobal.ReleaseSlotsOf(child.Pid);
                if (code == 0)
                {
                    StartupDone();
                }
                else
                {
                    Log.Info($"startup process (PID {child.Pid}) exited with exit code {code}");
                    Log.Info("aborting startup due to startup process failure");
                    // Nothing else runs yet (background processes start after the startup process): just exit.
                    _exitCode = 1;
                    _shutdown = ShutdownMode.Immediate;
                    SetState(PmState.StopAux);
                }
                continue;
            }
            if (!normal)
            {
                HandleChildCrash(child, code);
                continue;
            }
            // A normal exit: free whatever slot it left, and restart a background process that should run.
            ProcGlobal.ReleaseSlotsOf(child.Pid);
            if (child.Type != BackendType.ClientBackend && _state == PmState.Run && !child.SignalledToExit)
            {
                Log.Info($"{BackendTypeNames.Of(child.Type)} process (PID {child.Pid}) exited with exit code {code}; restarting it");
                StartChild(child.Type);
            }
        }
    }

    void HandleChildCrash(ChildProcess child, int code)
    {
        string what = child.Type == BackendType.ClientBackend ? "server process" : BackendTypeNames.Of(child.Type) + " process";
        string how = code > 128 && code < 160
            ? $"was terminated by signal {code - 128}: {SignalName(code - 128)}"
            : $"exited with exit code {code}";
        Log.Info($"{what} (PID {child.Pid}) {how}");
        if (_state is PmState.StopAux && _shutdown != ShutdownMode.None)
            return;
        Log.Info("terminating any other active server processes");
        foreach (var c in _children.Values)
            SignalChild(c, Libc.SigQuit);
        RejectPendingClients("the database system is in recovery mode");
        SetState(PmState.CrashWait);
    }

    static string SignalName(int sig) => sig switch
    {
        1 => "Hangup",
        2 => "Interrupt",
        3 => "Quit",
        6 => "Aborted",
        9 => "Killed",
        11 => "Segmentation fault",
        15 => "Terminated",
        _ => "Signal " + sig,
    };

    void HandleControlMessage(ChildProcess child)
    {
        Span<byte> buf = stackalloc byte[16];
        int n = Libc.ReceiveFd(child.ControlFd, buf, out int fd);
        if (fd >= 0)
            Libc.Close(fd);
        if (n <= 0)
        {
            // EOF: the child is gone or going; its exit is handled when it is reaped.
            Libc.Close(child.ControlFd);
            child.ControlFd = -1;
            return;
        }
        if (buf[0] != (byte)'R' || child.State != ChildState.Starting)
            return;
        if (child.ReloadPending)
        {
            child.ReloadPending = false;
            Libc.Kill(child.Pid, Libc.SigHup);
        }
        if (child.Type != BackendType.ClientBackend)
        {
            // A background process is up with its handlers installed; its control socket has done its job.
            child.State = ChildState.Active;
            Libc.Close(child.ControlFd);
            child.ControlFd = -1;
            return;
        }
        if (_state == PmState.Run && _pendingClients.Count > 0)
        {
            HandOff(child, _pendingClients.Dequeue());
            return;
        }
        child.State = ChildState.Idle;
        if (_state != PmState.Run)
            SignalChild(child, Libc.SigTerm);
    }

    void AcceptAll(int listenFd)
    {
        while (true)
        {
            int fd = Libc.Accept(listenFd);
            if (fd < 0)
                return;
            switch (_state)
            {
                case PmState.Run:
                    Dispatch(fd);
                    break;
                case PmState.CrashWait:
                    RejectClient(fd, SqlState.CannotConnectNow, "the database system is in recovery mode");
                    break;
                case PmState.Startup:
                    RejectClient(fd, SqlState.CannotConnectNow,
                        _afterCrash ? "the database system is in recovery mode" : "the database system is starting up");
                    break;
                default:
                    RejectClient(fd, SqlState.CannotConnectNow, "the database system is shutting down");
                    break;
            }
        }
    }

    /// <summary>Gives a new connection to an idle pooled backend, or queues it for one being started. The pool
    /// is topped up afterwards by <see cref="Advance"/>, which runs after every pass of the server loop.</summary>
    void Dispatch(int fd)
    {
        foreach (var c in _children.Values)
            if (c.State == ChildState.Idle && c.Type == BackendType.ClientBackend && !c.SignalledToExit)
            {
                HandOff(c, fd);
                return;
            }
        if (CountBackendProcesses() >= MaxBackendProcesses())
        {
            RejectClient(fd, SqlState.TooManyConnections, "sorry, too many clients already");
            return;
        }
        // Pool empty: start a backend now; it takes the connection as soon as it reports ready.
        _pendingClients.Enqueue(fd);
        StartChild(BackendType.ClientBackend);
    }

    int MaxBackendProcesses() => 2 * _settings.GetInt("max_connections") + _settings.GetInt("backend_pool_size") + 10;

    int CountBackendProcesses()
    {
        int n = 0;
        foreach (var c in _children.Values)
            if (c.Type == BackendType.ClientBackend)
                n++;
        return n;
    }

    void HandOff(ChildProcess child, int clientFd)
    {
        if (child.ControlFd < 0 || !Libc.SendFd(child.ControlFd, clientFd, "C"u8))
        {
            // The backend died before it could take the connection: find another one.
            child.State = ChildState.Active;
            _pendingClients.Enqueue(clientFd);
            StartChild(BackendType.ClientBackend);
            return;
        }
        Libc.Close(clientFd);
        child.State = ChildState.Active;
        // The control socket's job is done: an active backend learns of postmaster death from PDEATHSIG.
        Libc.Close(child.ControlFd);
        child.ControlFd = -1;
    }

    void RejectPendingClients(string message)
    {
        while (_pendingClients.Count > 0)
            RejectClient(_pendingClients.Dequeue(), SqlState.CannotConnectNow, message);
    }

    /// <summary>
    /// Refuses a client the postmaster will not serve (shutting down, crash recovery, too many processes):
    /// answers an SSL or GSS request with 'N', waits briefly for the startup packet so the client is in the
    /// state where it expects an ErrorResponse, sends FATAL, and closes. The waits are bounded (50 ms each)
    /// so a silent client cannot stall the postmaster. The ErrorResponse is built here rather than with the
    /// backend's message writers: the postmaster does not reference the backend layer.
    /// </summary>
    static void RejectClient(int fd, string sqlState, string message)
    {
        Span<byte> buf = stackalloc byte[1024];
        for (int round = 0; round < 3; round++)
        {
            int n = ReadWithin(fd, buf, 50);
            if (n < 8)
                break;
            int code = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(buf[4..]);
            if (n == 8 && code is 80877103 or 80877104)
            {
                Libc.SendAll(fd, "N"u8);
                continue;
            }
            break;
        }
        var body = new List<byte>();
        void Field(char code, string v)
        {
            body.Add((byte)code);
            body.AddRange(Encoding.UTF8.GetBytes(v));
            body.Add(0);
        }
        Field('S', "FATAL");
        Field('V', "FATAL");
        Field('C', sqlState);
        Field('M', message);
        body.Add(0);
        var msg = new byte[5 + body.Count];
        msg[0] = (byte)'E';
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(msg.AsSpan(1), 4 + body.Count);
        body.CopyTo(msg, 5);
        Libc.SendAll(fd, msg);
        Libc.Close(fd);
    }

    static int ReadWithin(int fd, Span<byte> buf, int timeoutMs)
    {
        Span<Libc.PollFd> pfd = stackalloc Libc.PollFd[1];
        pfd[0] = new Libc.PollFd { Fd = fd, Events = Libc.PollIn };
        if (Libc.Poll(pfd, timeoutMs) <= 0)
            return 0;
        return Libc.ReceiveNonBlocking(fd, buf);
    }

    void StartAuxProcesses()
    {
        foreach (var t in AuxProcesses)
            StartChild(t);
    }

    void StartChild(BackendType type)
    {
        try
        {
            var c = _launcher!.Spawn(type);
            _children[c.Pid] = c;
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Log.Write(Severity.Log, $"could not fork {BackendTypeNames.Of(type)} process: {e.Message}");
        }
    }

    /// <summary>Keeps backend_pool_size pre-started backends idle or starting.</summary>
    void MaintainPool()
    {
        if (_state != PmState.Run)
            return;
        int target = _settings.GetInt("backend_pool_size");
        int ready = 0, backends = 0;
        var idle = new List<ChildProcess>();
        foreach (var c in _children.Values)
        {
            if (c.Type != BackendType.ClientBackend)
                continue;
            backends++;
            if (c.State != ChildState.Active && !c.SignalledToExit)
            {
                ready++;
                if (c.State == ChildState.Idle)
                    idle.Add(c);
            }
        }
        ready -= _pendingClients.Count;
        for (int max = MaxBackendProcesses(); ready < target && backends < max; ready++, backends++)
            StartChild(BackendType.ClientBackend);
        for (int i = 0; ready > target && i < idle.Count; i++, ready--)
            SignalChild(idle[i], Libc.SigTerm);
    }

    /// <summary>State transitions that depend on which children are left.</summary>
    void Advance()
    {
        switch (_state)
        {
            case PmState.CrashWait:
                if (_children.Count == 0)
                {
                    Log.Info("all server processes terminated; reinitializing");
                    _shm!.Remove();
                    _generation++;
                    _shm = SharedMemory.Create(_launcher!.ShmemPath, ShmemLayout.Build(_settings),
                        Environment.ProcessId, _generation);
                    if (_shutdown != ShutdownMode.None)
                    {
                        SetState(PmState.Exit);
                        return;
                    }
                    _afterCrash = true;
                    BeginStartup();
                }
                else
                {
                    KillStragglers();
                }
                break;
            case PmState.StopBackends:
                if (CountBackendProcesses() == 0 && _pendingClients.Count == 0)
                {
                    foreach (var c in _children.Values)
                        if (c.Type != BackendType.Checkpointer)
                            SignalChild(c, Libc.SigTerm);
                    SetState(PmState.StopAux);
                }
                break;
            case PmState.StopAux:
                bool onlyCheckpointer = true;
                foreach (var c in _children.Values)
                    if (c.Type != BackendType.Checkpointer)
                        onlyCheckpointer = false;
                if (_children.Count == 0)
                {
                    SetState(PmState.Exit);
                }
                else if (onlyCheckpointer)
                {
                    foreach (var c in _children.Values)
                        if (!c.SignalledToExit)
                            SignalChild(c, Libc.SigUsr2);
                }
                if (_shutdown == ShutdownMode.Immediate)
                    KillStragglers();
                break;
            case PmState.Run:
                MaintainPool();
                break;
        }
    }

    void KillStragglers()
    {
        if (Environment.TickCount64 - _stateSince < SigkillAfterMs)
            return;
        if (_children.Count > 0)
            Log.Info("issuing SIGKILL to recalcitrant children");
        foreach (var c in _children.Values)
            Libc.Kill(c.Pid, Libc.SigKill);
        _stateSince = Environment.TickCount64;
    }
}
