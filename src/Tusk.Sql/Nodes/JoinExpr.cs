// A join written in FROM: Larg [NATURAL] {INNER|LEFT|RIGHT|FULL|CROSS} JOIN Rarg [ON quals | USING (cols)]
// [[AS] alias]. Quals is null for CROSS and NATURAL joins and for USING (UsingClause names the columns).
namespace Tusk.Sql.Nodes;

/// <summary>An explicit JOIN in FROM.</summary>
public sealed class JoinExpr : Node
{
    public JoinType JoinType { get; init; }
    public bool IsNatural { get; init; }
    public required Node Larg { get; init; }
    public required Node Rarg { get; init; }
    public Node? Quals { get; init; }
    public List<string>? UsingClause { get; init; }
    public string? Alias { get; init; }
}
