// x::type, CAST(x AS type) and type 'literal'.
namespace Tusk.Sql.Nodes;

/// <summary>A type cast.</summary>
public sealed class TypeCast : Node
{
    public required Node Arg { get; init; }
    public required TypeName TypeName { get; init; }
}
