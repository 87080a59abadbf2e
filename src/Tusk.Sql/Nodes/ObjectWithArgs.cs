// A function, aggregate or operator named with its argument types: f(int, text), agg(*), -(NONE, int).
// ArgsUnspecified when written without parentheses; LeftNone for an operator written with NONE as its left
// argument (a prefix operator: Objargs then holds only the right argument).
namespace Tusk.Sql.Nodes;

/// <summary>A function and its signature.</summary>
public sealed class ObjectWithArgs : Node
{
    public List<string> Objname { get; init; } = [];
    public List<TypeName> Objargs { get; init; } = [];
    public bool ArgsUnspecified { get; init; }
    public bool LeftNone { get; init; }
}
