// Types made by CREATE TYPE (enums, ranges) as the type I/O, storage and ordering code sees them, through one
// process-wide hook to the backend's catalog, which caches the pg_type, pg_enum and pg_range facts (and the role
// names aclitem output prints) and drops them on invalidation. A hook and not a context argument: like
// PostgreSQL's syscache it belongs to the process (a backend serves one connection of one database, so it has one
// catalog), and the callers that need it (tuple forming via TypeStorage, sorting via TypeOrder, text I/O) are far
// from any session object. Built-in types never consult it: user types have OIDs from FirstNormalObjectId (16384)
// up. Without a catalog (bootstrap, tools, unit tests) nothing is found.
// Entry points: UserTypes.Catalog (set by the backend's CatalogSession), UserTypes.Find, UserTypes.Lookup.
namespace Tusk.Common.Types;

/// <summary>One label of an enum type (a pg_enum row).</summary>
public readonly record struct EnumLabel(uint Oid, float SortOrder, string Label);

/// <summary>A type defined in the catalog (pg_type row, with pg_enum labels or the pg_range row).</summary>
public sealed class UserType
{
    public required uint Oid { get; init; }
    public required string Name { get; init; }
    public required uint Namespace { get; init; }

    /// <summary>pg_type.typtype: e(num), r(ange), m(ultirange), c(omposite), b(ase), d(omain), p(seudo).</summary>
    public required char TypType { get; init; }

    public required TypeStorage Storage { get; init; }

    /// <summary>typelem: the element type of an array type, else 0.</summary>
    public uint Element { get; init; }

    /// <summary>typarray: the type's array type, else 0.</summary>
    public uint Array { get; init; }

    /// <summary>Enum labels in sort order.</summary>
    public EnumLabel[] Labels { get; init; } = [];

    /// <summary>Range types: the subtype, its collation and the subtype_diff function (pg_proc OID, or 0).</summary>
    public uint Subtype { get; init; }

    public uint Collation { get; init; }

    public uint SubtypeDiff { get; init; }

    /// <summary>The label with this OID, or null.</summary>
    public EnumLabel? LabelByOid(uint oid)
    {
        foreach (var l in Labels)
        {
            if (l.Oid == oid)
                return l;
        }
        return null;
    }

    /// <summary>The label with this text, or null.</summary>
    public EnumLabel? LabelByName(string label)
    {
        foreach (var l in Labels)
        {
            if (l.Label == label)
                return l;
        }
        return null;
    }
}

/// <summary>What value I/O, storage and ordering ask the backend's catalog: user-defined types, role names.</summary>
public interface ITypeCatalog
{
    /// <summary>A type defined in the catalog by OID, or null.</summary>
    UserType? FindType(uint oid);

    /// <summary>A type's OID by name (through search_path when <paramref name="schema"/> is null), or 0.</summary>
    uint LookupType(string? schema, string name);

    /// <summary>A role's name by OID (pg_authid), or null.</summary>
    string? RoleName(uint oid);
}

/// <summary>The process's hook to its catalog.</summary>
public static class UserTypes
{
    /// <summary>The first OID of objects made after initdb (VarSup.FirstNormalObjectId).</summary>
    public const uint FirstUserOid = 16384;

    /// <summary>The backend's catalog (null in processes without one).</summary>
    public static ITypeCatalog? Catalog { get; set; }

    /// <summary>A user-defined type by OID, or null (always null for built-in OIDs).</summary>
    public static UserType? Find(uint oid) => oid >= FirstUserOid ? Catalog?.FindType(oid) : null;

    /// <summary>The OID of a type by name, or 0.</summary>
    public static uint Lookup(string? schema, string name) => Catalog?.LookupType(schema, name) ?? 0;

    /// <summary>Whether the type is an enum type.</summary>
    public static bool IsEnum(uint oid) => Find(oid)?.TypType == 'e';
}
