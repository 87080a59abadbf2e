// PREPARE name [(types)] AS statement (SELECT, INSERT, UPDATE, DELETE or VALUES in PG).
namespace Tusk.Sql.Nodes;

/// <summary>PREPARE.</summary>
public sealed class PrepareStmt : Node
{
    public required string Name { get; init; }
    public List<TypeName> Argtypes { get; init; } = [];
    public required Node Query { get; init; }
}
