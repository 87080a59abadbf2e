// DROP OPERATOR (dropcmds.c RemoveObjects over LookupOperWithArgs). Operators are found in pg_operator by name,
// schema and argument types (left 0 for a prefix operator). Every operator there is built in, so a match is refused
// (2BP01 "required by the database system"); no match is 42883 "operator does not exist: integer === integer" or,
// with IF EXISTS, a NOTICE. CREATE OPERATOR is not supported yet.
// Entry point: Drop.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static class OperatorCommands
{
    public static string Drop(DropStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var cat = ctx.Catalog;
        var d = SystemCatalogs.PgOperator;
        int nameCol = d.Column("oprname"), nsCol = d.Column("oprnamespace"), leftCol = d.Column("oprleft"),
            rightCol = d.Column("oprright");
        foreach (var o in s.Objects)
        {
            var op = (ObjectWithArgs)o;
            string name = op.Objname[^1];
            string? schema = op.Objname.Count > 1 ? op.Objname[^2] : null;
            if (DropMessages.SchemaMissing(ctx, schema, s.MissingOk))
                continue;
            var types = FunctionCommands.ResolveDropArgTypes(op.Objargs, s.MissingOk, ctx);
            if (types == null)
                continue;
            uint left = op.LeftNone ? 0 : types[0], right = types[^1];
            uint ns = schema == null ? 0 : cat.LookupNamespace(schema);
            bool found = cat.Scan(d, r => V.AsString(r[nameCol]) == name && V.AsOid(r[leftCol]) == left
                    && V.AsOid(r[rightCol]) == right
                    && (schema == null ? cat.SearchPathPosition(V.AsOid(r[nsCol])) >= 0 : V.AsOid(r[nsCol]) == ns))
                .Count > 0;
            if (found)
                Throw.Error(SqlState.DependentObjectsStillExist,
                    $"cannot drop operator {name}({(left == 0 ? "NONE" : TypeNames.Display(left))},{TypeNames.Display(right)}) because it is required by the database system");
            if (!s.MissingOk)
                Throw.Error(SqlState.UndefinedFunction,
                    $"operator does not exist: {(left == 0 ? "" : TypeNames.Display(left) + " ")}{string.Join('.', op.Objname)} {TypeNames.Display(right)}");
            ctx.Notice(SqlState.SuccessfulCompletion, $"operator {string.Join('.', op.Objname)} does not exist, skipping");
        }
        return "DROP OPERATOR";
    }
}
