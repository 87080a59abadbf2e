// BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK / ABORT / SAVEPOINT / RELEASE / ROLLBACK TO /
// PREPARE TRANSACTION / COMMIT PREPARED / ROLLBACK PREPARED.
namespace Tusk.Sql.Nodes;

/// <summary>A transaction control statement.</summary>
public sealed class TransactionStmt : Node
{
    public TransactionStmtKind Kind { get; init; }

    /// <summary>Modes given to BEGIN / START TRANSACTION (never null; may be empty).</summary>
    public TransactionOptions Options { get; init; } = new();

    /// <summary>COMMIT AND CHAIN / ROLLBACK AND CHAIN.</summary>
    public bool Chain { get; init; }

    /// <summary>Savepoint name for Savepoint, Release, RollbackTo.</summary>
    public string? SavepointName { get; init; }

    /// <summary>Global transaction id for Prepare, CommitPrepared, RollbackPrepared.</summary>
    public string? Gid { get; init; }
}
