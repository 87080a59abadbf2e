// Wait events (wait_event.h): what a process is waiting for, packed as class << 24 | id into
// PgProc.WaitEventInfo and shown as pg_stat_activity.wait_event_type / wait_event.
using Tusk.Storage.Lmgr;

namespace Tusk.Storage.Activity;

public enum WaitEventClass : uint
{
    None = 0,
    LWLock = 1,
    Lock = 2,
    Activity = 3,
    Client = 4,
    Timeout = 5,
    IO = 6,
    Ipc = 7,
}

/// <summary>Encoding and names of wait events.</summary>
public static class WaitEvents
{
    // Activity
    public const uint CheckpointerMain = ((uint)WaitEventClass.Activity << 24) | 1;
    public const uint BgWriterMain = ((uint)WaitEventClass.Activity << 24) | 2;
    public const uint WalWriterMain = ((uint)WaitEventClass.Activity << 24) | 3;
    public const uint AutoVacuumMain = ((uint)WaitEventClass.Activity << 24) | 4;
    public const uint LogicalLauncherMain = ((uint)WaitEventClass.Activity << 24) | 5;
    public const uint BgWriterHibernate = ((uint)WaitEventClass.Activity << 24) | 6;
    // Client
    public const uint ClientRead = ((uint)WaitEventClass.Client << 24) | 1;
    public const uint ClientWrite = ((uint)WaitEventClass.Client << 24) | 2;
    // IPC
    public const uint CheckpointDone = ((uint)WaitEventClass.Ipc << 24) | 1;
    // Timeout
    public const uint PgSleep = ((uint)WaitEventClass.Timeout << 24) | 1;
    public const uint CheckpointWriteDelay = ((uint)WaitEventClass.Timeout << 24) | 2;

    public static uint LWLock(LWLockTranche t) => ((uint)WaitEventClass.LWLock << 24) | (uint)t;

    public static string? TypeName(uint info) => (WaitEventClass)(info >> 24) switch
    {
        WaitEventClass.LWLock => "LWLock",
        WaitEventClass.Lock => "Lock",
        WaitEventClass.Activity => "Activity",
        WaitEventClass.Client => "Client",
        WaitEventClass.Timeout => "Timeout",
        WaitEventClass.IO => "IO",
        WaitEventClass.Ipc => "IPC",
        _ => null,
    };

    public static string? EventName(uint info) => info switch
    {
        0 => null,
        CheckpointerMain => "CheckpointerMain",
        BgWriterMain => "BgWriterMain",
        WalWriterMain => "WalWriterMain",
        AutoVacuumMain => "AutoVacuumMain",
        LogicalLauncherMain => "LogicalLauncherMain",
        BgWriterHibernate => "BgWriterHibernate",
        ClientRead => "ClientRead",
        ClientWrite => "ClientWrite",
        PgSleep => "PgSleep",
        CheckpointDone => "CheckpointDone",
        CheckpointWriteDelay => "CheckpointWriteDelay",
        _ when (info >> 24) == (uint)WaitEventClass.LWLock => LWLockTrancheNames.Of((LWLockTranche)(info & 0xFFFFFF)),
        _ => null,
    };
}
