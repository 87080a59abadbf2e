// Per-execution state the interpreter reads: parameter values, the current input row, aggregate results and
// the session. One instance per Execute call; Row is replaced as the scan advances.
using Tusk.Common.Types;

namespace Tusk.Executor.Expr;

/// <summary>Evaluation state of one query execution.</summary>
internal sealed class EvalContext(Datum[] parameters, ISessionContext session)
{
    public Datum[] Parameters { get; } = parameters;
    public ISessionContext Session { get; } = session;
    public Datum[] Row { get; set; } = [];
    public Datum[] AggValues { get; set; } = [];
}
