// pg_sequences (system_views.sql): one row per sequence of the database with its schema, owner (pg_class.relowner),
// pg_sequence parameters and last_value as pg_sequence_last_value gives it: the value in the sequence's page (values fetched
// ahead for CACHE included), NULL until the first nextval. Read under the catalog snapshot of the statement.
using Tusk.Access.Sequence;
using Tusk.Catalog;
using Tusk.Common.Types;
using Tusk.Executor;
using Tusk.Executor.Functions;

namespace Tusk.Backend.Catalog;

/// <summary>The pg_sequences system view over pg_class, pg_sequence and the sequences' pages.</summary>
public sealed class PgSequencesView(ISessionContext session) : ISystemView
{
    static readonly ResultColumn[] Cols =
    [
        new("schemaname", TypeOid.Name), new("sequencename", TypeOid.Name), new("sequenceowner", TypeOid.Name),
        new("data_type", TypeOid.Regtype), new("start_value", TypeOid.Int8), new("min_value", TypeOid.Int8),
        new("max_value", TypeOid.Int8), new("increment_by", TypeOid.Int8), new("cycle", TypeOid.Bool),
        new("cache_size", TypeOid.Int8), new("last_value", TypeOid.Int8),
    ];

    public string Name => "pg_sequences";

    public ResultColumn[] Columns => Cols;

    public IEnumerable<Datum[]> Scan()
    {
        var cat = session.Catalog;
        var c = SystemCatalogs.PgClass;
        int kindCol = c.Column("relkind"), ownerCol = c.Column("relowner");
        var owners = cat.Scan(c, r => V.AsChar(r[kindCol]) == RelKind.Sequence)
            .ToDictionary(r => V.AsOid(r.Values[0]), r => V.AsOid(r.Values[ownerCol]));
        foreach (var s in cat.Scan(SystemCatalogs.PgSequence))
        {
            var v = s.Values;
            if (cat.GetRelation(V.AsOid(v[0])) is not { Kind: RelKind.Sequence } rel)
                continue;
            uint type = V.AsOid(v[1]);
            var data = SequencePage.Read(rel.Locator);
            yield return
            [
                V.Name(rel.NamespaceName), V.Name(rel.Name),
                V.Name(SharedCatalog.FindRole(owners.GetValueOrDefault(rel.Oid))?.Name ?? ""),
                Datum.FromRegclass(type, TypeNames.Display(type)).WithType(TypeOid.Regtype),
                v[2], v[5], v[4], v[3], v[7], v[6],
                data.IsCalled ? Datum.FromInt8(data.LastValue) : Datum.Null(TypeOid.Int8),
            ];
        }
    }
}
