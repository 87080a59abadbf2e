// What a SET/RESET statement does (PG's VariableSetKind).
namespace Tusk.Sql.Nodes;

/// <summary>Kind of <see cref="VariableSetStmt"/>.</summary>
public enum VariableSetKind
{
    /// <summary>SET name = values.</summary>
    Set,
    /// <summary>SET name TO DEFAULT (also SET TIME ZONE DEFAULT/LOCAL).</summary>
    SetDefault,
    /// <summary>SET name FROM CURRENT.</summary>
    SetCurrent,
    /// <summary>SET TRANSACTION ... / SET SESSION CHARACTERISTICS AS TRANSACTION ...; see TransactionOptions.</summary>
    SetMulti,
    /// <summary>RESET name.</summary>
    Reset,
    /// <summary>RESET ALL.</summary>
    ResetAll,
}
