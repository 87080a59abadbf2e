// One entry of the postmaster's child table (postmaster.c's Backend list / PMChildFlags).
using System.Diagnostics;
using Tusk.Common.Utils;

namespace Tusk.Postmaster;

public enum ChildState
{
    /// <summary>Spawned, not yet reported ready on its control socket (its signal handlers may not be
    /// installed yet, so the postmaster sends it no signal but SIGKILL/SIGQUIT).</summary>
    Starting,
    /// <summary>A pre-started backend waiting for a connection.</summary>
    Idle,
    /// <summary>Serving a client, or a background process that reported ready.</summary>
    Active,
}

/// <summary>A child process the postmaster started and supervises.</summary>
public sealed class ChildProcess
{
    public required Process Process { get; init; }
    public required int Pid { get; init; }
    public required BackendType Type { get; init; }
    /// <summary>The postmaster's end of the control socket (SOCK_SEQPACKET), -1 once closed.</summary>
    public int ControlFd { get; set; }
    public ChildState State { get; set; }
    public long StartedAt { get; init; }
    /// <summary>Set when the postmaster already told this child to go (no crash if it exits).</summary>
    public bool SignalledToExit { get; set; }
    /// <summary>A reload happened while the child was starting; it gets SIGHUP once its handlers are in place.</summary>
    public bool ReloadPending { get; set; }
}
