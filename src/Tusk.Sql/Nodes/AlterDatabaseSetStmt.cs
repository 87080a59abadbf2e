// ALTER DATABASE name SET x = y | SET x TO DEFAULT | RESET x | RESET ALL.
namespace Tusk.Sql.Nodes;

/// <summary>ALTER DATABASE ... SET / RESET.</summary>
public sealed class AlterDatabaseSetStmt : Node
{
    public required string Dbname { get; init; }
    public required VariableSetStmt Setstmt { get; init; }
}
