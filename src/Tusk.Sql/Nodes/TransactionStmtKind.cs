// Transaction control statements (PG's TransactionStmtKind).
namespace Tusk.Sql.Nodes;

/// <summary>Kind of <see cref="TransactionStmt"/>.</summary>
public enum TransactionStmtKind
{
    /// <summary>BEGIN [WORK | TRANSACTION] [modes].</summary>
    Begin,
    /// <summary>START TRANSACTION [modes].</summary>
    Start,
    /// <summary>COMMIT / END [AND [NO] CHAIN].</summary>
    Commit,
    /// <summary>ROLLBACK / ABORT [AND [NO] CHAIN].</summary>
    Rollback,
    Savepoint,
    Release,
    RollbackTo,
    Prepare,
    CommitPrepared,
    RollbackPrepared,
}
