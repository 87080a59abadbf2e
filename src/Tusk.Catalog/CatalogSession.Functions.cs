// Functions defined in pg_proc as the analyser needs them (the function half of syscache's PROCNAMEARGSNSP):
// candidates by name, a function by OID, and the search_path position of a schema for overload ranking. Rows of
// the built-in functions (prolang internal) are listed for clients, but the executor resolves those through its
// own table, so only SQL-language and other catalog-defined functions are returned here. Cached per backend.
// Entry points: FindFunctions, FunctionByOid, LanguageSql / LanguageC / LanguageInternal.
using Tusk.Common.Types;

namespace Tusk.Catalog;

/// <summary>A pg_proc row, decoded.</summary>
public sealed record ProcInfo(uint Oid, string Name, uint Namespace, uint Language, uint[] ArgTypes, string[] ArgNames,
    uint ReturnType, bool Strict, char Volatility, string Source, bool ReturnsSet);

public sealed partial class CatalogSession
{
    /// <summary>pg_language OIDs.</summary>
    public const uint LanguageInternal = 12, LanguageC = 13, LanguageSql = 14;

    readonly Dictionary<string, List<ProcInfo>> _procsByName = new(StringComparer.Ordinal);

    void ClearFunctionCaches() => _procsByName.Clear();

    /// <summary>The catalog-defined (not internal) functions named <paramref name="name"/>, in any schema.</summary>
    public IReadOnlyList<ProcInfo> FindFunctions(string name)
    {
        if (_procsByName.TryGetValue(name, out var list))
            return list;
        var p = SystemCatalogs.PgProc;
        int lang = p.Column("prolang");
        list = [.. Scan(p, r => V.AsString(r[1]) == name && V.AsOid(r[lang]) != LanguageInternal).Select(r => Proc(r.Values))];
        _procsByName[name] = list;
        return list;
    }

    /// <summary>A function by OID (any language), or null.</summary>
    public ProcInfo? FunctionByOid(uint oid) =>
        Scan(SystemCatalogs.PgProc, r => V.AsOid(r[0]) == oid) is [var row, ..] ? Proc(row.Values) : null;

    internal static ProcInfo Proc(Datum[] r)
    {
        var p = SystemCatalogs.PgProc;
        var names = r[p.Column("proargnames")];
        return new ProcInfo(V.AsOid(r[0]), V.AsString(r[1]), V.AsOid(r[2]), V.AsOid(r[p.Column("prolang")]),
            OidVector.Decode(r[p.Column("proargtypes")]),
            names.IsNull ? [] : [.. TextArray.Decode(names.Ref!)],
            V.AsOid(r[p.Column("prorettype")]), V.AsBool(r[p.Column("proisstrict")]),
            V.AsChar(r[p.Column("provolatile")]), V.AsString(r[p.Column("prosrc")]), V.AsBool(r[p.Column("proretset")]));
    }

    /// <summary>Position of a schema in the active search path (lower is searched first), or -1.</summary>
    public int SearchPathPosition(uint ns) => Array.IndexOf(ActiveSearchPath(), ns);
}
