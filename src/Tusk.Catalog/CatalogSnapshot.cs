// What catalog reads see: committed rows as of a fresh MVCC snapshot, plus every change the current transaction
// has made so far, including the current command's (a DDL statement reads back what it just wrote).
// Entry point: new CatalogSnapshot(snapshot, transaction).
using Tusk.Access.Heap;
using Tusk.Storage.Ipc;

namespace Tusk.Catalog;

/// <summary>An MVCC snapshot for catalog access; as ICurrentTransaction it sees all of its own changes.</summary>
public sealed class CatalogSnapshot(Snapshot snapshot, ICurrentTransaction? me) : ICurrentTransaction
{
    public Snapshot Snapshot { get; } = snapshot;

    public bool IsCurrent(uint xid) => me?.IsCurrent(xid) ?? false;

    public uint CommandId => uint.MaxValue;
}

/// <summary>The writer of catalog rows: the current transaction, as CatalogIO needs it.</summary>
public interface ICatalogWriter
{
    /// <summary>The current transaction id (assigned at the first write).</summary>
    uint Xid { get; }

    uint CommandId { get; }

    CatalogSnapshot Snapshot { get; }

    /// <summary>A row of <paramref name="def"/> was written: caches must forget, others be told at commit.</summary>
    void Changed(CatalogDef def);
}
