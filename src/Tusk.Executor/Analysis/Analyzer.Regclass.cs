// Coercions to and from regclass, which need the catalog (Casts only sees values): an unknown literal is looked
// up now, as PostgreSQL's parse-time coercion of a literal does (so 'nosuch'::regclass is 42P01 at analysis, and
// nextval('s') names the sequence by OID from then on); typed strings, integers and oids convert when evaluated.
// regclass to oid or an integer keeps the OID; to a string type goes through Casts (the value carries its name).
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;

namespace Tusk.Executor.Analysis;

internal sealed partial class Analyzer
{
    /// <summary>The coercion when one side is regclass and this file handles it, else null.</summary>
    BoundExpr? CoerceRegclass(BoundExpr e, uint target, int location)
    {
        if (target == TypeOid.Regclass)
        {
            if (e.Kind == BoundKind.Const && e.Type == TypeOid.Unknown)
            {
                if (e.Value.IsNull)
                    return BoundExpr.Const(Datum.Null(TypeOid.Regclass), e.Location);
                try
                {
                    return BoundExpr.Const(RegClass.In(e.Value.Text, _ctx), e.Location);
                }
                catch (PgException ex) when (ex.Position == 0)
                {
                    throw new PgException(ex.SqlState, ex.Message) { Detail = ex.Detail, Hint = ex.Hint,
                        Position = e.Location + 1 };
                }
            }
            if (e.Type == TypeOid.Unknown)
                e = Coerce(e, TypeOid.Text, -1, false, location);
            if (TypeNames.IsString(e.Type))
                return BoundExpr.Call(static (a, c) => RegClass.In(a[0].Text, c.Session), TypeOid.Regclass, [e],
                    location: location);
            if (TypeNames.IsInteger(e.Type) || e.Type == TypeOid.Oid)
                return BoundExpr.Call(static (a, c) => RegClass.FromOid(unchecked((uint)a[0].Int), c.Session),
                    TypeOid.Regclass, [e], location: location);
            return null;
        }
        if (e.Type == TypeOid.Regclass && (target == TypeOid.Oid || TypeNames.IsInteger(target)))
            return BoundExpr.Call((a, c) => Casts.Cast(Datum.FromOid((uint)a[0].Int), target, -1, c.Session.Output,
                true), target, [e], location: location);
        return null;
    }
}
