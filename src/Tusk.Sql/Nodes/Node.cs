// Base class of every parse-tree node (nodes/parsenodes.h). Location is the 0-based character offset of the
// construct in the query text, or -1 when unknown; errors turn it into a 1-based Position.
namespace Tusk.Sql.Nodes;

/// <summary>A raw parse-tree node.</summary>
public abstract class Node
{
    /// <summary>0-based character offset in the query text; -1 when unknown.</summary>
    public int Location { get; set; } = -1;
}
