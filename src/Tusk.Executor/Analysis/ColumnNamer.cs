// Result column names as PostgreSQL picks them (FigureColname): a column's name, a function's name, the type
// name of a cast, CASE's "case", the SQL value functions' own names, otherwise "?column?". Strength 2 names
// (columns, functions) win over strength 1 names (casts, CASE) when nested.
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Analysis;

/// <summary>FigureColname.</summary>
internal static class ColumnNamer
{
    public static string Name(Node n)
    {
        Figure(n, out string? name);
        return name ?? "?column?";
    }

    static int Figure(Node n, out string? name)
    {
        name = null;
        switch (n)
        {
            case ColumnRef c:
                if (c.IsStar)
                    return 0;
                name = c.Fields[^1];
                return 2;
            case FuncCall f:
                name = f.Name[^1];
                return 2;
            case SubLink { Type: SubLinkType.Exists }:
                name = "exists";
                return 2;
            case SubLink { Type: SubLinkType.Array }:
                name = "array";
                return 2;
            case SubLink { Type: SubLinkType.Expr } sl:
            {
                // The name of the subquery's single output column, when it has a strong one.
                var q = sl.Subselect;
                while (q.Op != SetOperation.None)
                    q = q.Larg!;
                if (q.TargetList.Count == 1)
                {
                    var t = q.TargetList[0];
                    if (t.Name != null)
                    {
                        name = t.Name;
                        return 2;
                    }
                    return Figure(t.Val, out name);
                }
                return 0;
            }
            case A_ArrayExpr:
                name = "array";
                return 2;
            case A_Indirection ind:
                return Figure(ind.Arg, out name);
            case TypeCast tc:
            {
                int s = Figure(tc.Arg, out name);
                if (s <= 1)
                {
                    name = tc.TypeName.LastName;
                    return 1;
                }
                return s;
            }
            case CaseExpr ce:
            {
                int s = ce.DefResult == null ? 0 : Figure(ce.DefResult, out name);
                if (s <= 1)
                {
                    name = "case";
                    return 1;
                }
                return s;
            }
            case CoalesceExpr co:
                name = co.Kind switch
                {
                    CoalesceKind.Coalesce => "coalesce",
                    CoalesceKind.NullIf => "nullif",
                    CoalesceKind.Greatest => "greatest",
                    _ => "least",
                };
                return 2;
            case SQLValueFunction svf:
                name = svf.Op switch
                {
                    SQLValueFunctionOp.CurrentDate => "current_date",
                    SQLValueFunctionOp.CurrentTime => "current_time",
                    SQLValueFunctionOp.CurrentTimestamp => "current_timestamp",
                    SQLValueFunctionOp.LocalTime => "localtime",
                    SQLValueFunctionOp.LocalTimestamp => "localtimestamp",
                    SQLValueFunctionOp.CurrentRole => "current_role",
                    SQLValueFunctionOp.CurrentUser => "current_user",
                    SQLValueFunctionOp.User => "user",
                    SQLValueFunctionOp.SessionUser => "session_user",
                    SQLValueFunctionOp.CurrentCatalog => "current_catalog",
                    _ => "current_schema",
                };
                return 2;
            default:
                return 0;
        }
    }
}
