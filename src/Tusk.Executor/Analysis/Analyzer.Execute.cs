// Parse analysis of EXECUTE's arguments (PostgreSQL's prepare.c EvaluateParams): each argument is an expression
// with no columns, no parameters and no aggregates, coerced by assignment to the prepared statement's parameter
// type (42804 "parameter $n of type X cannot be coerced to the expected type Y" when no such cast exists).
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Analysis;

internal sealed partial class Analyzer
{
    /// <summary>Binds argument <paramref name="number"/> (1-based) of EXECUTE and coerces it to <paramref name="type"/>.</summary>
    public BoundExpr BindExecuteParameter(Node n, int number, uint type)
    {
        _aggForbidden = "EXECUTE parameters";
        var e = Bind(n);
        _aggForbidden = null;
        if (_params.Count > 0)
            Throw.Error(SqlState.UndefinedParameter, $"there is no parameter ${_params[0].Index + 1}",
                position: _params[0].Location + 1);
        if (e.Type != TypeOid.Unknown && e.Type != type && !Casts.CanAssign(e.Type, type))
            Throw.Error(SqlState.DatatypeMismatch,
                $"parameter ${number} of type {TypeNames.Display(e.Type)} cannot be coerced to the expected type {TypeNames.Display(type)}",
                hint: "You will need to rewrite or cast the expression.", position: Leftmost(n) + 1);
        return Coerce(e, type, -1, false, n.Location, assignment: true);
    }
}
