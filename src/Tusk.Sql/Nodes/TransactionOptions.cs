// Transaction modes of BEGIN / START TRANSACTION / SET TRANSACTION: each is null when not given.
namespace Tusk.Sql.Nodes;

/// <summary>ISOLATION LEVEL, READ ONLY/WRITE and [NOT] DEFERRABLE options.</summary>
public sealed class TransactionOptions
{
    /// <summary>"serializable", "repeatable read", "read committed" or "read uncommitted".</summary>
    public string? IsolationLevel { get; set; }

    public bool? ReadOnly { get; set; }
    public bool? Deferrable { get; set; }

    public bool IsEmpty => IsolationLevel == null && ReadOnly == null && Deferrable == null;
}
