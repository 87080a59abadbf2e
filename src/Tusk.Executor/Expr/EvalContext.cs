// Per-node evaluation state the interpreter reads: parameter values, the current input row, the outer-query
// values of a correlated subquery, and the execution the node belongs to
// (subqueries inside expressions run under it). Each plan node owns one; Row is replaced as rows flow.
using Tusk.Common.Types;

namespace Tusk.Executor.Expr;

/// <summary>Evaluation state of one node of one query execution.</summary>
internal sealed class EvalContext(Datum[] parameters, ISessionContext session)
{
    public Datum[] Parameters { get; } = parameters;
    public ISessionContext Session { get; } = session;
    public Datum[] Row { get; set; } = [];

    /// <summary>Outer-query values of a correlated subquery (BoundKind.OuterParam).</summary>
    public Datum[] OuterParams { get; init; } = [];

    /// <summary>The execution this context belongs to (null for standalone evaluation, e.g. defaults).</summary>
    public Nodes.ExecState? Exec { get; init; }
}
