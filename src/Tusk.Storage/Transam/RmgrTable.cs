// The resource manager table (rmgr.c RmgrTable): one entry per RmgrId with its name and redo routine. Each
// access method registers its routines once at process start (a static array of delegates: no reflection, AOT
// clean); the startup process's redo loop dispatches every record it reads through Redo.
namespace Tusk.Storage.Transam;

/// <summary>Replays one record (rm_redo). The record's spans are valid only during the call.</summary>
public delegate void RmgrRedo(in DecodedRecord record);

/// <summary>Describes a record's payload for pg_waldump-style output (rm_desc); optional.</summary>
public delegate string RmgrDescribe(in DecodedRecord record);

/// <summary>
/// Registered resource managers. Entry points: <see cref="Register"/>, <see cref="Redo"/>, <see cref="NameOf"/>,
/// <see cref="Describe"/>.
/// </summary>
public static class RmgrTable
{
    sealed record Entry(string Name, RmgrRedo Redo, RmgrDescribe? Describe);

    static readonly Entry?[] Entries = new Entry?[256];

    /// <summary>Registers (or replaces) the routines of a resource manager.</summary>
    public static void Register(RmgrId id, string name, RmgrRedo redo, RmgrDescribe? describe = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(redo);
        Volatile.Write(ref Entries[(int)id], new Entry(name, redo, describe));
    }

    public static bool IsRegistered(RmgrId id) => Entries[(int)id] != null;

    /// <summary>The registered name, else the enum name.</summary>
    public static string NameOf(RmgrId id) => Entries[(int)id]?.Name ?? id.ToString();

    /// <summary>Runs the record's redo routine; throws if its resource manager has none.</summary>
    public static void Redo(in DecodedRecord record)
    {
        var e = Entries[(int)record.Rmid]
            ?? throw new InvalidOperationException($"no redo routine for resource manager {record.Rmid}");
        e.Redo(in record);
    }

    /// <summary>A one-line description: the rmgr's own if it has one, else lengths.</summary>
    public static string Describe(in DecodedRecord record)
    {
        var e = Entries[(int)record.Rmid];
        return e?.Describe != null ? e.Describe(in record)
            : $"info 0x{record.Info:X2}, {record.BlockCount} block(s), main data {record.MainData.Length} bytes";
    }
}
