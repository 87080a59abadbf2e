// CHECKPOINT (no options in PostgreSQL 15).
namespace Tusk.Sql.Nodes;

/// <summary>CHECKPOINT: force an immediate checkpoint and wait for it.</summary>
public sealed class CheckPointStmt : Node
{
}
