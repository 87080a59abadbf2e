// Compact text form of raw parse trees for tests: Type(Prop=value, ...) listing only the properties that differ
// from a new node's defaults (plus the kind enums), with short forms for names, types, constants and operators.
using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Tusk.Sql.Nodes;

namespace Tusk.Sql.Tests;

static class NodeDump
{
    static readonly HashSet<string> AlwaysShown = ["RemoveType", "ObjType", "Objtype", "RenameType", "Subtype", "ConType",
        "Action"];

    public static string Of(object? o)
    {
        var sb = new StringBuilder();
        Write(sb, o);
        return sb.ToString();
    }

    static void Write(StringBuilder sb, object? o)
    {
        switch (o)
        {
            case null:
                sb.Append("null");
                return;
            case string s:
                sb.Append(s);
                return;
            case A_Const c:
                sb.Append(c.Kind switch
                {
                    ConstKind.Null => "NULL",
                    ConstKind.String => "'" + c.Text + "'",
                    _ => c.Text,
                });
                return;
            case ColumnRef c:
                sb.Append(string.Join('.', c.Fields));
                return;
            case NameList n:
                sb.Append(string.Join('.', n.Names));
                return;
            case SetToDefault:
                sb.Append("DEFAULT");
                return;
            case ParamRef p:
                sb.Append('$').Append(p.Number);
                return;
            case TypeName t:
                if (t.Setof)
                    sb.Append("setof ");
                sb.Append(string.Join('.', t.Names));
                if (t.Typmods.Count > 0)
                {
                    sb.Append('(');
                    WriteList(sb, t.Typmods, ",");
                    sb.Append(')');
                }
                foreach (int b in t.ArrayBounds)
                    sb.Append(b < 0 ? "[]" : $"[{b}]");
                return;
            case RangeVar r:
                if (r.Persistence != 'p')
                    sb.Append(r.Persistence == 't' ? "temp " : "unlogged ");
                if (!r.Inh)
                    sb.Append("only ");
                if (r.Catalog != null)
                    sb.Append(r.Catalog).Append('.');
                if (r.Schema != null)
                    sb.Append(r.Schema).Append('.');
                sb.Append(r.Name);
                if (r.Alias != null)
                    sb.Append(" as ").Append(r.Alias);
                return;
            case A_Expr { Kind: A_ExprKind.Op } a:
                sb.Append('(');
                if (a.Lexpr != null)
                {
                    Write(sb, a.Lexpr);
                    sb.Append(' ');
                }
                sb.Append(a.Name).Append(' ');
                Write(sb, a.Rexpr);
                sb.Append(')');
                return;
            case FuncCall f:
                sb.Append(string.Join('.', f.Name)).Append('(');
                if (f.AggStar)
                    sb.Append('*');
                WriteList(sb, f.Args, ",");
                sb.Append(')');
                return;
            case TypeCast tc:
                sb.Append('(');
                Write(sb, tc.Arg);
                sb.Append("::");
                Write(sb, tc.TypeName);
                sb.Append(')');
                return;
            case IList list:
                sb.Append('[');
                WriteList(sb, list, ", ");
                sb.Append(']');
                return;
            case Enum or bool or char or int or long:
                sb.Append(Convert.ToString(o, CultureInfo.InvariantCulture));
                return;
        }
        var type = o.GetType();
        object? defaults = type.GetConstructor(Type.EmptyTypes) != null ? Activator.CreateInstance(type) : null;
        sb.Append(type.Name).Append('(');
        bool first = true;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.Name is "Location" or "RawExprText" || p.GetIndexParameters().Length > 0 || !p.CanWrite && p.PropertyType != typeof(List<ResTarget>)
                && !typeof(IList).IsAssignableFrom(p.PropertyType))
                continue;
            object? v = p.GetValue(o);
            if (!AlwaysShown.Contains(p.Name))
            {
                if (v == null || v is IList { Count: 0 })
                    continue;
                if (defaults != null && v is not IList && Equals(v, p.GetValue(defaults)))
                    continue;
            }
            if (!first)
                sb.Append(", ");
            first = false;
            sb.Append(p.Name).Append('=');
            Write(sb, v);
        }
        sb.Append(')');
    }

    static void WriteList(StringBuilder sb, IEnumerable items, string sep)
    {
        bool first = true;
        foreach (var i in items)
        {
            if (!first)
                sb.Append(sep);
            first = false;
            Write(sb, i);
        }
    }
}
