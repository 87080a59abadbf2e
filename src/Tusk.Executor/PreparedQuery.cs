// The result of planning one SELECT: result shape, parameter types, and a lazily evaluated row stream.
using Tusk.Common.Types;

namespace Tusk.Executor;

/// <summary>A planned SELECT, executable any number of times with different parameters.</summary>
public abstract class PreparedQuery
{
    public abstract ResultColumn[] Columns { get; }

    /// <summary>Resolved types of $1..$n (for ParameterDescription).</summary>
    public abstract uint[] ParamTypes { get; }

    /// <summary>Whether the statement returns rows (SELECT, or DML with RETURNING); else Describe answers NoData.</summary>
    public virtual bool ReturnsRows => true;

    /// <summary>Whether the plan could be run backwards in PostgreSQL (a cursor's default scrollability).</summary>
    public virtual bool SupportsBackwardScan => false;

    /// <summary>The tables the plan's scans read (what an open cursor keeps in use).</summary>
    public virtual IReadOnlySet<uint> ScannedTables => new HashSet<uint>();

    /// <summary>The CommandComplete tag once execution has finished (<paramref name="rowsSent"/> rows sent).</summary>
    public virtual string CommandTag(long rowsSent) => "SELECT " + rowsSent;

    /// <summary>EXPLAIN's line for a plan that is not a node tree (INSERT/UPDATE/DELETE).</summary>
    public virtual string ExplainLine() => GetType().Name;

    /// <summary>Rows, lazily; calls ctx.CheckForInterrupts() per row.</summary>
    public abstract IEnumerable<Datum[]> Execute(Datum[] parameters, ISessionContext ctx);
}
