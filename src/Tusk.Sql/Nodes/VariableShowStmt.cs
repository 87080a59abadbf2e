// SHOW name: name is lower case; "all" for SHOW ALL; SHOW TIME ZONE is "timezone",
// SHOW TRANSACTION ISOLATION LEVEL "transaction_isolation", SHOW SESSION AUTHORIZATION "session_authorization".
namespace Tusk.Sql.Nodes;

/// <summary>SHOW.</summary>
public sealed class VariableShowStmt : Node
{
    public required string Name { get; init; }
}
