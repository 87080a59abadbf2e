// The result of planning one SELECT: result shape, parameter types, and a lazily evaluated row stream.
using Tusk.Common.Types;

namespace Tusk.Executor;

/// <summary>A planned SELECT, executable any number of times with different parameters.</summary>
public abstract class PreparedQuery
{
    public abstract ResultColumn[] Columns { get; }

    /// <summary>Resolved types of $1..$n (for ParameterDescription).</summary>
    public abstract uint[] ParamTypes { get; }

    /// <summary>Rows, lazily; calls ctx.CheckForInterrupts() per row.</summary>
    public abstract IEnumerable<Datum[]> Execute(Datum[] parameters, ISessionContext ctx);
}
