// $n: a parameter reference, numbered from 1.
namespace Tusk.Sql.Nodes;

/// <summary>A parameter reference.</summary>
public sealed class ParamRef : Node
{
    public int Number { get; init; }
}
