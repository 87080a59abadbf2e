// One parameter of CREATE FUNCTION: [mode] [name] type [DEFAULT expr].
namespace Tusk.Sql.Nodes;

/// <summary>A function parameter.</summary>
public sealed class FunctionParameter : Node
{
    public string? Name { get; init; }
    public required TypeName ArgType { get; init; }
    public FunctionParameterMode Mode { get; init; }
    public Node? Defexpr { get; init; }
}
