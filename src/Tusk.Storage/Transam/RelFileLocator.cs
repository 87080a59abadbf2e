// Relation file locator and fork numbers (relfilelocator.h, relpath.h): which file a WAL block reference (and,
// later, a buffer tag) points at.
namespace Tusk.Storage.Transam;

/// <summary>RelFileLocator: tablespace, database and relation file number of a relation's storage.</summary>
public readonly record struct RelFileLocator(uint SpcOid, uint DbOid, uint RelNumber);

/// <summary>ForkNumber: the files of one relation.</summary>
public enum ForkNumber : byte
{
    Main = 0,
    FreeSpaceMap = 1,
    VisibilityMap = 2,
    Init = 3,
}
