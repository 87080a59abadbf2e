// INCLUDING / EXCLUDING options of LIKE in CREATE TABLE (PG's CREATE_TABLE_LIKE_* bits).
namespace Tusk.Sql.Nodes;

/// <summary>What LIKE copies.</summary>
[Flags]
public enum TableLikeOption
{
    None = 0,
    Comments = 1 << 0,
    Compression = 1 << 1,
    Constraints = 1 << 2,
    Defaults = 1 << 3,
    Generated = 1 << 4,
    Identity = 1 << 5,
    Indexes = 1 << 6,
    Statistics = 1 << 7,
    Storage = 1 << 8,
    All = 0x1FF,
}
