// LIKE source [INCLUDING x | EXCLUDING x ...] inside CREATE TABLE's element list.
namespace Tusk.Sql.Nodes;

/// <summary>LIKE in CREATE TABLE.</summary>
public sealed class TableLikeClause : Node
{
    public required RangeVar Relation { get; init; }
    public TableLikeOption Options { get; init; }
}
