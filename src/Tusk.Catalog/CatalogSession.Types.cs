// The catalog session's answers about types defined in the catalog (typcache.c's role for enums and ranges, and
// parse_type.c's name lookup): pg_type rows with their pg_enum labels or pg_range row, by OID and by name through
// search_path; and role names by OID for aclitem output (syscache's AUTHOID). The session installs itself as
// UserTypes.Catalog, so type I/O, storage and ordering reach user types without a context argument. Cached per
// backend; cleared with the other caches on any catalog change (pg_authid's too: it is a shared catalog).
// Entry points: FindType, LookupType, TypeNameInNamespace, RoleName.
using Tusk.Common.Types;

namespace Tusk.Catalog;

public sealed partial class CatalogSession : ITypeCatalog
{
    readonly Dictionary<uint, UserType?> _typeById = [];
    readonly Dictionary<(string?, string), uint> _typeByName = [];
    readonly Dictionary<uint, string?> _roleNames = [];

    /// <summary>Drops the caches of catalog objects beyond relations and namespaces.</summary>
    void ClearObjectCaches()
    {
        _typeById.Clear();
        _typeByName.Clear();
        _roleNames.Clear();
        ClearFunctionCaches();
    }

    /// <inheritdoc/>
    public UserType? FindType(uint oid)
    {
        if (_typeById.TryGetValue(oid, out var t))
            return t;
        var d = SystemCatalogs.PgType;
        var rows = Scan(d, r => V.AsOid(r[0]) == oid);
        t = rows.Count == 0 ? null : LoadType(rows[0].Values);
        _typeById[oid] = t;
        return t;
    }

    UserType LoadType(Datum[] r)
    {
        var d = SystemCatalogs.PgType;
        uint oid = V.AsOid(r[0]);
        char typtype = V.AsChar(r[d.Column("typtype")]);
        char align = V.AsChar(r[d.Column("typalign")]);
        var storage = new TypeStorage((short)V.AsInt(r[d.Column("typlen")]), V.AsBool(r[d.Column("typbyval")]),
            align switch { 'c' => 1, 's' => 2, 'i' => 4, _ => 8 });
        EnumLabel[] labels = [];
        uint subtype = 0, collation = 0, diff = 0;
        if (typtype == 'e')
        {
            labels = [.. Scan(SystemCatalogs.PgEnum, e => V.AsOid(e[1]) == oid)
                .Select(e => new EnumLabel(V.AsOid(e.Values[0]), (float)e.Values[2].Float, V.AsString(e.Values[3])))
                .OrderBy(l => l.SortOrder)];
        }
        else if (typtype == 'r' && Scan(SystemCatalogs.PgRange, g => V.AsOid(g[0]) == oid) is [var range, ..])
        {
            subtype = V.AsOid(range.Values[1]);
            collation = V.AsOid(range.Values[3]);
            diff = V.AsOid(range.Values[6]);
        }
        return new UserType
        {
            Oid = oid, Name = V.AsString(r[1]), Namespace = V.AsOid(r[2]), TypType = typtype, Storage = storage,
            Element = V.AsOid(r[d.Column("typelem")]), Array = V.AsOid(r[d.Column("typarray")]), Labels = labels, Subtype = subtype, Collation = collation,
            SubtypeDiff = diff,
        };
    }

    /// <inheritdoc/>
    public uint LookupType(string? schema, string name)
    {
        if (_typeByName.TryGetValue((schema, name), out uint oid))
            return oid;
        if (schema != null)
        {
            uint ns = LookupNamespace(schema);
            oid = ns == 0 ? 0 : TypeNameInNamespace(ns, name);
        }
        else
        {
            foreach (uint ns in ActiveSearchPath())
            {
                oid = TypeNameInNamespace(ns, name);
                if (oid != 0)
                    break;
            }
        }
        _typeByName[(schema, name)] = oid;
        return oid;
    }

    /// <inheritdoc/>
    public string? RoleName(uint oid)
    {
        if (!_roleNames.TryGetValue(oid, out string? name))
        {
            name = SharedCatalog.FindRole(oid, Snapshot)?.Name;
            _roleNames[oid] = name;
        }
        return name;
    }

    /// <summary>The OID of the type named <paramref name="name"/> in a schema, or 0.</summary>
    public uint TypeNameInNamespace(uint ns, string name)
    {
        var d = SystemCatalogs.PgType;
        int nsCol = d.Column("typnamespace");
        var rows = Scan(d, r => V.AsOid(r[nsCol]) == ns && V.AsString(r[1]) == name);
        return rows.Count > 0 ? V.AsOid(rows[0].Values[0]) : 0;
    }
}
