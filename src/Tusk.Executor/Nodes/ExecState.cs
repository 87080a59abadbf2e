// Per-execution state shared by every node of one plan run (EState): parameter values, the session, the values
// of outer-query references for a correlated subquery, cached results of uncorrelated subqueries (InitPlans),
// work_mem, and under EXPLAIN ANALYZE the per-node instrumentation.
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Nodes;

/// <summary>What the nodes of one execution share.</summary>
internal sealed class ExecState
{
    public ExecState(Datum[] parameters, ISessionContext session, bool analyze = false)
    {
        Parameters = parameters;
        Session = session;
        Instrumentation = analyze ? [] : null;
        InitPlanValues = [];
        WorkMemBytes = Math.Max(64L, session.Settings.GetInt("work_mem")) * 1024;
    }

    ExecState(ExecState parent, Datum[] outerParams)
    {
        Parameters = parent.Parameters;
        Session = parent.Session;
        Instrumentation = parent.Instrumentation;
        InitPlanValues = parent.InitPlanValues;
        WorkMemBytes = parent.WorkMemBytes;
        OuterParams = outerParams;
    }

    public Datum[] Parameters { get; }
    public ISessionContext Session { get; }

    /// <summary>
    /// EXPLAIN ANALYZE: each node's rows, loops, times and run details for this execution (null otherwise). It lives
    /// here, not in the nodes, because a plan is shared by every execution of a prepared statement.
    /// </summary>
    public Dictionary<PlanNode, NodeInstrumentation>? Instrumentation { get; }

    /// <summary>The node's instrumentation under EXPLAIN ANALYZE, else null.</summary>
    public NodeInstrumentation? InstrumentationOf(PlanNode node)
    {
        if (Instrumentation == null)
            return null;
        if (!Instrumentation.TryGetValue(node, out var i))
            Instrumentation[node] = i = new NodeInstrumentation();
        return i;
    }

    /// <summary>Values of the enclosing query's columns a correlated subquery reads (OuterParam nodes).</summary>
    public Datum[] OuterParams { get; } = [];

    /// <summary>Results of uncorrelated subqueries, computed once per execution, by subplan.</summary>
    public Dictionary<SubPlan, object> InitPlanValues { get; }

    public long WorkMemBytes { get; }

    /// <summary>State for running a correlated subquery with the given outer values.</summary>
    public ExecState ForSubquery(Datum[] outerParams) => new(this, outerParams);

    /// <summary>A fresh expression context for one node (each node evaluates against its own current row).</summary>
    public EvalContext NewEval() => new(Parameters, Session) { OuterParams = OuterParams, Exec = this };
}
