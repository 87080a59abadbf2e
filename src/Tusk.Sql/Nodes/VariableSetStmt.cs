// SET / RESET. Args are the texts the setting receives, one per list element: SET search_path = a, b gives
// ["a","b"]; numbers as written (integers normalised); SET TIME ZONE 'UTC' gives name "timezone";
// SET NAMES gives "client_encoding"; SET SCHEMA gives "search_path"; SET ROLE "role"; SET SESSION
// AUTHORIZATION "session_authorization". For SetMulti, Name is "TRANSACTION" or "SESSION CHARACTERISTICS".
namespace Tusk.Sql.Nodes;

/// <summary>SET, SET LOCAL, RESET, SET TRANSACTION.</summary>
public sealed class VariableSetStmt : Node
{
    public VariableSetKind Kind { get; init; }

    /// <summary>Lower-case setting name (dotted for custom settings); null for ResetAll.</summary>
    public string? Name { get; init; }

    public List<string> Args { get; } = [];

    /// <summary>SET LOCAL.</summary>
    public bool IsLocal { get; init; }

    /// <summary>Options of SET TRANSACTION / SET SESSION CHARACTERISTICS (Kind SetMulti).</summary>
    public TransactionOptions? TransactionOptions { get; init; }
}
