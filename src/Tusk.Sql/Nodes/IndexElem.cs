// One key of CREATE INDEX or of an ON CONFLICT target: a column Name or an Expr, with COLLATE, operator class,
// ASC/DESC and NULLS FIRST/LAST.
namespace Tusk.Sql.Nodes;

/// <summary>An index key.</summary>
public sealed class IndexElem : Node
{
    public string? Name { get; init; }
    public Node? Expr { get; init; }
    public List<string> Collation { get; init; } = [];
    public List<string> Opclass { get; init; } = [];
    public bool Desc { get; init; }
    public bool? NullsFirst { get; init; }
}
