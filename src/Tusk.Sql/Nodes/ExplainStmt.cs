// EXPLAIN [ANALYZE] [VERBOSE] statement, or EXPLAIN (option [value], ...) statement. The old keyword form is
// turned into the same DefElems (analyze, verbose) as the parenthesised one.
namespace Tusk.Sql.Nodes;

/// <summary>EXPLAIN.</summary>
public sealed class ExplainStmt : Node
{
    public required Node Query { get; init; }
    public List<DefElem> Options { get; init; } = [];
}
