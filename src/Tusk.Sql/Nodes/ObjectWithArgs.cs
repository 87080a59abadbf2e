// A function named with its argument types: f(int, text). ArgsUnspecified when written without parentheses.
namespace Tusk.Sql.Nodes;

/// <summary>A function and its signature.</summary>
public sealed class ObjectWithArgs : Node
{
    public List<string> Objname { get; init; } = [];
    public List<TypeName> Objargs { get; init; } = [];
    public bool ArgsUnspecified { get; init; }
}
