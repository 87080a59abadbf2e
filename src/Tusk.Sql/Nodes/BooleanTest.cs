// x IS [NOT] TRUE / FALSE / UNKNOWN (never null-valued).
namespace Tusk.Sql.Nodes;

/// <summary>A boolean test.</summary>
public sealed class BooleanTest : Node
{
    public required Node Arg { get; init; }
    public BoolTestType TestType { get; init; }
}
