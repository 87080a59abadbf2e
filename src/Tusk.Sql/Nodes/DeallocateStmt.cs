// DEALLOCATE [PREPARE] {name | ALL}.
namespace Tusk.Sql.Nodes;

/// <summary>DEALLOCATE.</summary>
public sealed class DeallocateStmt : Node
{
    /// <summary>The statement name; null for ALL.</summary>
    public string? Name { get; init; }
}
