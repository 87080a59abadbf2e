// Comment and temporary-schema information functions (PostgreSQL's system catalog information functions):
// obj_description, col_description and shobj_description read pg_description / pg_shdescription (see
// Tusk.Catalog Descriptions); format_type names a type with its modifier; pg_my_temp_schema and pg_is_other_temp_schema report the session's pg_temp_N.
// The catalog argument of obj_description / shobj_description is a catalog's name ('pg_class'), as in
// PostgreSQL where it is cast to regclass. Entry point: RegisterDescriptions, called from the FunctionCatalog
// constructor.
using Tusk.Catalog;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    static void RegisterDescriptions()
    {
        const uint Oid = TypeOid.Oid;
        const uint Text = TypeOid.Text;
        Fn("obj_description", [Oid, TypeOid.Name], Text, static (a, c) =>
        {
            uint classoid = Descriptions.CatalogOid(a[1].Text);
            return Comment(classoid == 0 ? null : Descriptions.Get(c.Session.Catalog, AsOid(a[0]), classoid, 0));
        });
        Fn("obj_description", [Oid], Text, static (a, c) =>
            Comment(Descriptions.Get(c.Session.Catalog, AsOid(a[0]), 0, 0)));
        Fn("col_description", [Oid, TypeOid.Int4], Text, static (a, c) =>
            Comment(Descriptions.Get(c.Session.Catalog, AsOid(a[0]), SystemCatalogs.PgClass.Oid, (int)a[1].Int)));
        Fn("shobj_description", [Oid, TypeOid.Name], Text, static (a, c) =>
        {
            uint classoid = Descriptions.CatalogOid(a[1].Text);
            return Comment(classoid == 0 ? null : Descriptions.GetShared(c.Session.Catalog, AsOid(a[0]), classoid));
        });
        Fn("format_type", [Oid, TypeOid.Int4], Text, static (a, _) => a[0].IsNull
            ? Datum.Null(TypeOid.Text)
            : Datum.FromText(FormatType(AsOid(a[0]), a[1].IsNull ? null : (int)a[1].Int)), strict: false);
        Fn("pg_my_temp_schema", [], Oid, static (_, c) => Datum.FromOid(c.Session.Catalog.MyTempNamespace));
        Fn("pg_is_other_temp_schema", [Oid], TypeOid.Bool, static (a, c) =>
            Datum.FromBool(c.Session.Catalog.IsOtherTempNamespace(AsOid(a[0]))));
    }

    /// <summary>
    /// format_type(type, typmod): the SQL name with the modifier; "???" for an unknown type. Without a typmod (NULL)
    /// bpchar is "character", with -1 it is "bpchar", as PostgreSQL prints them.
    /// </summary>
    static string FormatType(uint type, int? typmod)
    {
        if (!TypeNames.IsKnown(type))
            return "???";
        if (typmod == null)
            return TypeNames.Display(type);
        return type == TypeOid.Bpchar && typmod < 0 ? "bpchar" : TypeNames.DisplayWithTypmod(type, typmod.Value);
    }

    static uint AsOid(in Datum d) => (uint)d.Int;

    static Datum Comment(string? text) => text == null ? Datum.Null(TypeOid.Text) : Datum.FromText(text);
}
