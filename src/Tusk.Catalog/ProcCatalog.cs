// pg_proc rows (pg_proc.c ProcedureCreate, the catalog side): building a row from a function's definition (the
// built-in functions at bootstrap, CREATE FUNCTION, range constructors), finding one by name and argument types,
// listing the functions that use a type, dropping one. Defaults follow PostgreSQL: procost 1 for internal and C
// functions and 100 otherwise, proargnames only when some argument is named, prosrc the body or the C symbol.
// Entry points: ProcCatalog.Row, Create, Drop, FindOid, UsingType.
using Tusk.Common.Types;
using Tusk.Storage.Transam;

namespace Tusk.Catalog;

public static class ProcCatalog
{
    /// <summary>What a pg_proc row says about a function.</summary>
    public sealed record Definition(string Name, uint Namespace, uint Owner, uint Language, uint[] ArgTypes,
        string[] ArgNames, uint ReturnType, bool Strict, char Volatility, char Parallel, string Source,
        string? Probin = null, bool ReturnsSet = false, char Kind = 'f');

    /// <summary>The pg_proc row of <paramref name="f"/> with OID <paramref name="oid"/>.</summary>
    public static Datum[] Row(uint oid, Definition f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var p = SystemCatalogs.PgProc;
        var row = new Datum[p.Columns.Length];
        for (int i = 0; i < row.Length; i++)
            row[i] = V.Null(p.Columns[i].Type);
        void Set(string col, Datum v) => row[p.Column(col)] = v;
        Set("oid", V.Oid(oid));
        Set("proname", V.Name(f.Name));
        Set("pronamespace", V.Oid(f.Namespace));
        Set("proowner", V.Oid(f.Owner));
        Set("prolang", V.Oid(f.Language));
        Set("procost", V.Float4(f.Language is CatalogSession.LanguageInternal or CatalogSession.LanguageC ? 1 : 100));
        Set("prorows", V.Float4(f.ReturnsSet ? 1000 : 0));
        Set("provariadic", V.Oid(0));
        Set("prosupport", V.Regproc(0));
        Set("prokind", V.Char(f.Kind));
        Set("prosecdef", V.Bool(false));
        Set("proleakproof", V.Bool(false));
        Set("proisstrict", V.Bool(f.Strict));
        Set("proretset", V.Bool(f.ReturnsSet));
        Set("provolatile", V.Char(f.Volatility));
        Set("proparallel", V.Char(f.Parallel));
        Set("pronargs", V.Int2(f.ArgTypes.Length));
        Set("pronargdefaults", V.Int2(0));
        Set("prorettype", V.Oid(f.ReturnType));
        Set("proargtypes", OidVector.Encode(f.ArgTypes));
        if (f.ArgNames.Any(n => n.Length > 0))
            Set("proargnames", Datum.FromBytes(TextArray.Encode(f.ArgNames)).WithType(TypeOid.TextArray));
        Set("prosrc", V.Text(f.Source));
        Set("probin", V.Text(f.Probin));
        return row;
    }

    /// <summary>Inserts a function; returns its OID.</summary>
    public static uint Create(CatalogSession cs, Definition f)
    {
        ArgumentNullException.ThrowIfNull(cs);
        uint oid = VarSup.GetNewObjectId();
        CatalogIO.Insert(SystemCatalogs.PgProc, cs.DatabaseOid, cs, Row(oid, f));
        return oid;
    }

    /// <summary>Replaces the row of function <paramref name="oid"/> (CREATE OR REPLACE), keeping its OID.</summary>
    public static void Replace(CatalogSession cs, uint oid, Definition f)
    {
        ArgumentNullException.ThrowIfNull(cs);
        var row = cs.Scan(SystemCatalogs.PgProc, r => V.AsOid(r[0]) == oid).Single();
        CatalogIO.Update(SystemCatalogs.PgProc, cs.DatabaseOid, cs, row.Tid, Row(oid, f));
    }

    public static void Drop(CatalogSession cs, uint oid)
    {
        ArgumentNullException.ThrowIfNull(cs);
        HeapCatalog.DeleteWhere(cs, SystemCatalogs.PgProc, r => V.AsOid(r[0]) == oid);
    }

    /// <summary>A function's OID by name and exact argument types (any language, any schema), or 0.</summary>
    public static uint FindOid(CatalogSession cs, string name, uint[] args, out uint returnType)
    {
        ArgumentNullException.ThrowIfNull(cs);
        var p = SystemCatalogs.PgProc;
        int argCol = p.Column("proargtypes");
        var rows = cs.Scan(p, r => V.AsString(r[1]) == name && OidVector.Decode(r[argCol]).AsSpan().SequenceEqual(args));
        returnType = rows.Count > 0 ? V.AsOid(rows[0].Values[p.Column("prorettype")]) : 0;
        return rows.Count > 0 ? V.AsOid(rows[0].Values[0]) : 0;
    }

    /// <summary>The functions that take or return type <paramref name="type"/>.</summary>
    public static List<ProcInfo> UsingType(CatalogSession cs, uint type)
    {
        ArgumentNullException.ThrowIfNull(cs);
        var p = SystemCatalogs.PgProc;
        int argCol = p.Column("proargtypes"), retCol = p.Column("prorettype");
        return [.. cs.Scan(p, r => V.AsOid(r[retCol]) == type || OidVector.Decode(r[argCol]).Contains(type))
            .Select(r => CatalogSession.Proc(r.Values))];
    }
}
