// EXECUTE name [(args)].
namespace Tusk.Sql.Nodes;

/// <summary>EXECUTE of a prepared statement.</summary>
public sealed class ExecuteStmt : Node
{
    public required string Name { get; init; }
    public List<Node> Params { get; init; } = [];
}
