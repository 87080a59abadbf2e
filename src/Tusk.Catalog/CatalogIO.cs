// Reading and writing catalog rows (genam.c's systable_* and indexing.c's CatalogTupleInsert/Delete, without
// indexes yet): a catalog is a heap relation; rows are read whole and materialized (catalogs are small, and
// their values outlive the scanned page), written as new versions by the current transaction.
// Entry points: CatalogIO.Scan, CatalogIO.Insert, CatalogIO.Delete, CatalogIO.Update, CatalogIO.InsertFrozen.
using Tusk.Access.Common;
using Tusk.Access.Heap;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Storage.Transam;

namespace Tusk.Catalog;

/// <summary>A catalog row and where it is.</summary>
public readonly record struct CatalogRow(ItemPointer Tid, Datum[] Values);

public static class CatalogIO
{
    /// <summary>The visible rows of <paramref name="def"/> in database <paramref name="dbOid"/> that match.</summary>
    public static List<CatalogRow> Scan(CatalogDef def, uint dbOid, CatalogSnapshot snap, Func<Datum[], bool>? match = null)
    {
        var result = new List<CatalogRow>();
        var rel = HeapRelation.Open(def.Locator(dbOid));
        var values = new Datum[def.Desc.Count];
        using var scan = rel.BeginScan(snap.Snapshot, snap);
        while (scan.Next(def.Desc, values, out var tid, out var tuple))
        {
            var row = new Datum[values.Length];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = HeapTuple.Materialize(tuple, values[i]);
            }
            if (match == null || match(row))
            {
                result.Add(new CatalogRow(tid, row));
            }
        }
        return result;
    }

    /// <summary>Inserts a row as the current transaction's (CatalogTupleInsert).</summary>
    public static ItemPointer Insert(CatalogDef def, uint dbOid, ICatalogWriter w, Datum[] row)
    {
        var rel = HeapRelation.Open(def.Locator(dbOid));
        var tid = rel.Insert(def.Desc, row, w.Xid, w.CommandId);
        w.Changed(def);
        return tid;
    }

    /// <summary>Inserts a row visible to everyone at once (bootstrap: the frozen transaction id).</summary>
    public static void InsertFrozen(CatalogDef def, uint dbOid, Datum[] row) =>
        HeapRelation.Open(def.Locator(dbOid)).Insert(def.Desc, row, TransactionId.Frozen, 0);

    /// <summary>Deletes a row read in this transaction (CatalogTupleDelete).</summary>
    public static void Delete(CatalogDef def, uint dbOid, ICatalogWriter w, ItemPointer tid)
    {
        var rel = HeapRelation.Open(def.Locator(dbOid));
        var r = rel.Delete(tid, w.Xid, w.CommandId, w.Snapshot.Snapshot, w.Snapshot);
        Check(r);
        w.Changed(def);
    }

    /// <summary>Replaces a row read in this transaction (CatalogTupleUpdate): the old version is deleted, the new inserted.</summary>
    public static ItemPointer Update(CatalogDef def, uint dbOid, ICatalogWriter w, ItemPointer tid, Datum[] row)
    {
        Delete(def, dbOid, w, tid);
        return Insert(def, dbOid, w, row);
    }

    static void Check(ModifyResult r)
    {
        if (r is ModifyResult.BeingModified or ModifyResult.Updated)
        {
            Throw.Error(SqlState.TRSerializationFailure, "tuple concurrently updated");
        }
        if (r != ModifyResult.Ok && r != ModifyResult.SelfModified)
        {
            throw new InvalidOperationException($"catalog row to change is gone: {r}");
        }
    }
}
