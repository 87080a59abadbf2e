// Which files hold a relation (relfilelocator.h, relpath.c): tablespace, database and relation file number, and
// the forks of a relation.
namespace Tusk.Storage.Smgr;

/// <summary>The forks of a relation: its data, free space map, visibility map, and init fork.</summary>
public enum ForkNumber : byte
{
    Main = 0,
    FreeSpaceMap = 1,
    VisibilityMap = 2,
    Init = 3,
}

/// <summary>
/// Identifies a relation's files. Tablespace 1663 (pg_default) keeps them under base/DB/, 1664 (pg_global) under
/// global/ (shared catalogs, database 0).
/// </summary>
public readonly record struct RelFileLocator(uint SpcOid, uint DbOid, uint RelNumber) : IComparable<RelFileLocator>
{
    /// <summary>Tablespace, then database, then relation: the order checkpoints write and sync in.</summary>
    public int CompareTo(RelFileLocator other)
    {
        int c = SpcOid.CompareTo(other.SpcOid);
        if (c == 0)
        {
            c = DbOid.CompareTo(other.DbOid);
        }
        return c != 0 ? c : RelNumber.CompareTo(other.RelNumber);
    }

    public const uint DefaultTablespace = 1663;
    public const uint GlobalTablespace = 1664;

    /// <summary>Path of a fork's first segment relative to the data directory, e.g. base/5/16384_fsm.</summary>
    public string RelativePath(ForkNumber fork)
    {
        string dir = SpcOid == GlobalTablespace ? "global" : $"base/{DbOid}";
        return fork == ForkNumber.Main ? $"{dir}/{RelNumber}" : $"{dir}/{RelNumber}_{ForkSuffix(fork)}";
    }

    public static string ForkSuffix(ForkNumber fork) => fork switch
    {
        ForkNumber.Main => "main",
        ForkNumber.FreeSpaceMap => "fsm",
        ForkNumber.VisibilityMap => "vm",
        _ => "init",
    };

    public override string ToString() => $"{SpcOid}/{DbOid}/{RelNumber}";
}
