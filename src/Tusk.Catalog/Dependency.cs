// Dependencies between catalog objects (pg_depend; catalog/pg_depend.c and the parts of dependency.c sequences
// need). Tusk records only these rows so far, with PostgreSQL's meaning:
//   sequence -> table column, deptype 'a' (auto): serial columns and OWNED BY; dropping the table drops the sequence
//   sequence -> table column, deptype 'i' (internal): identity columns; the sequence cannot be dropped on its own
//   column default (pg_attrdef) -> sequence, deptype 'n' (normal): a DEFAULT naming a sequence (serial's
//     nextval('t_c_seq'::regclass)); DROP SEQUENCE refuses without CASCADE, which drops the default
// Dropping a relation (HeapCatalog.Drop -> BeforeDrop) drops the sequences its columns own and removes every row
// that names the relation or its defaults; dropping a column drops the sequences it owns (DropOwnedSequences), and
// removing a default removes its rows (DeleteFor). Rows are plain catalog rows: transactional like the rest.
// Entry points: Record, DeleteFor, OwnedSequences, Owner, SetOwner, DefaultsUsing, DropOwnedSequences, BeforeDrop.
using Tusk.Common.Types;

namespace Tusk.Catalog;

/// <summary>A sequence owned by a table column: the sequence, the column's attnum and the dependency type.</summary>
public readonly record struct OwnedSequence(uint Sequence, uint Table, int Column, char Type);

public static class Dependency
{
    public const char Normal = 'n';
    public const char Auto = 'a';
    public const char Internal = 'i';

    static readonly CatalogDef D = SystemCatalogs.PgDepend;
    static readonly uint ClassId = SystemCatalogs.PgClass.Oid;
    static readonly uint AttrdefId = SystemCatalogs.PgAttrdef.Oid;

    /// <summary>recordDependencyOn: (classId, objId, objSubId) depends on (refClassId, refObjId, refSubId).</summary>
    public static void Record(CatalogSession cs, uint classId, uint objId, int objSubId, uint refClassId, uint refObjId,
        int refSubId, char type) =>
        CatalogIO.Insert(D, cs.DatabaseOid, cs, [V.Oid(classId), V.Oid(objId), V.Int4(objSubId), V.Oid(refClassId),
            V.Oid(refObjId), V.Int4(refSubId), V.Char(type)]);

    /// <summary>deleteDependencyRecordsFor: removes the rows of what (classId, objId) depends on.</summary>
    public static void DeleteFor(CatalogSession cs, uint classId, uint objId) =>
        HeapCatalog.DeleteWhere(cs, D, r => V.AsOid(r[0]) == classId && V.AsOid(r[1]) == objId);

    /// <summary>
    /// The sequences owned by columns of <paramref name="table"/> (serial, OWNED BY, identity); kept in the
    /// session's catalog cache.
    /// </summary>
    public static IReadOnlyList<OwnedSequence> OwnedSequences(CatalogSession cs, uint table)
    {
        if (!cs.OwnedSequenceCache.TryGetValue(table, out var owned))
        {
            owned = [.. cs.Scan(D, r => IsOwnership(r) && V.AsOid(r[4]) == table).Select(r => AsOwned(r.Values))];
            cs.OwnedSequenceCache[table] = owned;
        }
        return owned;
    }

    /// <summary>The column owning <paramref name="sequence"/>, or null (sequenceIsOwned).</summary>
    public static OwnedSequence? Owner(CatalogSession cs, uint sequence)
    {
        var rows = cs.Scan(D, r => IsOwnership(r) && V.AsOid(r[1]) == sequence);
        return rows.Count == 0 ? null : AsOwned(rows[0].Values);
    }

    /// <summary>
    /// Makes <paramref name="sequence"/> owned by column <paramref name="column"/> of <paramref name="table"/>, or by
    /// nothing when <paramref name="table"/> is 0, replacing an earlier owner of the same type.
    /// </summary>
    public static void SetOwner(CatalogSession cs, uint sequence, uint table, int column, char type)
    {
        foreach (var r in cs.Scan(D, r => IsOwnership(r) && V.AsOid(r[1]) == sequence && V.AsChar(r[6]) == type))
        {
            CatalogIO.Delete(D, cs.DatabaseOid, cs, r.Tid);
        }
        if (table != 0)
        {
            Record(cs, ClassId, sequence, 0, ClassId, table, column, type);
        }
    }

    /// <summary>The column defaults that name <paramref name="sequence"/>, as (table, attnum).</summary>
    public static List<(uint Table, int Column)> DefaultsUsing(CatalogSession cs, uint sequence)
    {
        var defs = cs.Scan(D, r => V.AsOid(r[0]) == AttrdefId && V.AsOid(r[3]) == ClassId && V.AsOid(r[4]) == sequence)
            .Select(r => V.AsOid(r.Values[1])).ToHashSet();
        if (defs.Count == 0)
        {
            return [];
        }
        return cs.Scan(SystemCatalogs.PgAttrdef, r => defs.Contains(V.AsOid(r[0])))
            .Select(r => (V.AsOid(r.Values[1]), V.AsInt(r.Values[2]))).ToList();
    }

    /// <summary>Drops the sequences owned by column <paramref name="column"/> of <paramref name="table"/> (0: any).</summary>
    public static void DropOwnedSequences(CatalogSession cs, uint table, int column = 0)
    {
        foreach (var owned in OwnedSequences(cs, table))
        {
            if ((column == 0 || owned.Column == column) && cs.GetRelation(owned.Sequence) is { } seq)
            {
                HeapCatalog.Drop(cs, seq);
            }
        }
    }

    /// <summary>
    /// Called by HeapCatalog.Drop before it removes a relation's rows: false when the relation is gone already
    /// (dropped earlier in the same command, e.g. a sequence dropped with its table). Otherwise drops the sequences
    /// the relation's columns own, removes the pg_depend rows of the relation and its defaults and, for a sequence,
    /// its pg_sequence row.
    /// </summary>
    internal static bool BeforeDrop(CatalogSession cs, Relation rel)
    {
        uint oid = rel.Oid;
        if (cs.Scan(SystemCatalogs.PgClass, r => V.AsOid(r[0]) == oid).Count == 0)
        {
            return false;
        }
        DropOwnedSequences(cs, oid);
        var defaults = cs.Scan(SystemCatalogs.PgAttrdef, r => V.AsOid(r[1]) == oid).Select(r => V.AsOid(r.Values[0]))
            .ToHashSet();
        HeapCatalog.DeleteWhere(cs, D, r =>
            (V.AsOid(r[0]) == ClassId && V.AsOid(r[1]) == oid)
            || (V.AsOid(r[3]) == ClassId && V.AsOid(r[4]) == oid)
            || (V.AsOid(r[0]) == AttrdefId && defaults.Contains(V.AsOid(r[1]))));
        if (rel.Kind == RelKind.Sequence)
        {
            HeapCatalog.DeleteWhere(cs, SystemCatalogs.PgSequence, r => V.AsOid(r[0]) == oid);
        }
        return true;
    }

    static bool IsOwnership(Datum[] r) =>
        V.AsOid(r[0]) == ClassId && V.AsOid(r[3]) == ClassId && V.AsChar(r[6]) is Auto or Internal
        && V.AsInt(r[5]) > 0;

    static OwnedSequence AsOwned(Datum[] r) => new(V.AsOid(r[1]), V.AsOid(r[4]), V.AsInt(r[5]), V.AsChar(r[6]));
}
