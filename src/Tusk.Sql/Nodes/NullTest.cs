// x IS [NOT] NULL, x ISNULL, x NOTNULL.
namespace Tusk.Sql.Nodes;

/// <summary>A null test.</summary>
public sealed class NullTest : Node
{
    public required Node Arg { get; init; }
    public bool IsNot { get; init; }
}
