// Datum constructors for catalog columns (oid, name, "char", regproc, ...) and readers of catalog rows.
// Entry points: V.Oid, V.Name, V.Char, V.Null ...; V.AsOid, V.AsString, V.AsChar on a row's values.
using Tusk.Common.Types;

namespace Tusk.Catalog;

/// <summary>Catalog values in and out.</summary>
public static class V
{
    public static Datum Oid(uint v) => Datum.FromOid(v);

    public static Datum Name(string s) => Datum.FromText(s, TypeOid.Name);

    public static Datum Text(string? s) => s == null ? Datum.Null(TypeOid.Text) : Datum.FromText(s);

    public static Datum Bool(bool b) => Datum.FromBool(b);

    public static Datum Char(char c) => Datum.FromInt8((byte)c).WithType(TypeOid.Char);

    public static Datum Int2(int v) => Datum.FromInt2((short)v);

    public static Datum Int4(int v) => Datum.FromInt4(v);

    public static Datum Int8(long v) => Datum.FromInt8(v);

    public static Datum Float4(float v) => Datum.FromFloat4(v);

    public static Datum Xid(uint v) => Datum.FromInt8(v).WithType(TypeOid.Xid);

    public static Datum Regproc(uint v) => Datum.FromInt8(v).WithType(TypeOid.Regproc);

    public static Datum Null(uint type) => Datum.Null(type);

    public static uint AsOid(in Datum d) => d.IsNull ? 0 : (uint)d.Int;

    public static string AsString(in Datum d) => d.IsNull ? "" : d.Text;

    public static char AsChar(in Datum d) => d.IsNull ? '\0' : (char)(byte)d.Int;

    public static int AsInt(in Datum d) => d.IsNull ? 0 : (int)d.Int;

    public static bool AsBool(in Datum d) => !d.IsNull && d.Bool;
}
