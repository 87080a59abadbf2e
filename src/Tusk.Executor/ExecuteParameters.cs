// EXECUTE's argument list turned into parameter values for a stored plan (prepare.c EvaluateParams): all
// arguments are analysed and coerced first, then evaluated in order, once per EXECUTE.
// Entry point: ExecuteParameters.Evaluate; the count check (42601) is the caller's, as it knows the statement.
using Tusk.Common.Types;
using Tusk.Executor.Analysis;
using Tusk.Executor.Expr;
using Tusk.Sql.Nodes;

namespace Tusk.Executor;

/// <summary>Evaluates the arguments of EXECUTE name(args).</summary>
public static class ExecuteParameters
{
    /// <summary>Values of <paramref name="args"/> as the parameter <paramref name="types"/> (same length).</summary>
    public static Datum[] Evaluate(IReadOnlyList<Node> args, uint[] types, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(types);
        var analyzer = new Analyzer(ctx, []);
        var bound = new BoundExpr[args.Count];
        for (int i = 0; i < bound.Length; i++)
            bound[i] = analyzer.BindExecuteParameter(args[i], i + 1, types[i]);
        var eval = new EvalContext([], ctx);
        var values = new Datum[bound.Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = bound[i].Eval(eval);
        return values;
    }
}
