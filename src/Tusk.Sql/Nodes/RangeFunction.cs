// A function call in FROM: [LATERAL] f(args) [WITH ORDINALITY] [[AS] alias [(column aliases)]].
namespace Tusk.Sql.Nodes;

/// <summary>A (set-returning) function used as a FROM item.</summary>
public sealed class RangeFunction : Node
{
    public required FuncCall Function { get; init; }
    public string? Alias { get; init; }
    public List<string> ColNames { get; init; } = [];
    public bool Ordinality { get; init; }
    public bool Lateral { get; init; }
}
