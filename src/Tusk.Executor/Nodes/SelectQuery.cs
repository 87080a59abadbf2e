// A planned SELECT ready to run any number of times: the plan tree, the result columns, the parameter types,
// and how many leading columns are visible (the rest are resjunk ORDER BY / DISTINCT ON keys that the top of
// the plan still carries). Entry point: Execute (rows, lazily) and the EXPLAIN formatter.
using Tusk.Common.Types;

namespace Tusk.Executor.Nodes;

/// <summary>A planned query returning rows.</summary>
internal sealed class SelectQuery(PlanNode root, ResultColumn[] columns, uint[] paramTypes, bool qualify)
    : PreparedQuery
{
    public PlanNode Root => root;

    /// <summary>Whether EXPLAIN qualifies column names (more than one relation).</summary>
    public bool QualifyNames => qualify;

    public override ResultColumn[] Columns => columns;

    public override bool SupportsBackwardScan => root.SupportsBackwardScan;

    public override IReadOnlySet<uint> ScannedTables
    {
        get
        {
            var tables = new HashSet<uint>();
            root.CollectTables(tables);
            return tables;
        }
    }

    public override uint[] ParamTypes => paramTypes;

    /// <summary>An error constant folding met while planning: raised when the plan starts, before any row.</summary>
    public Common.Errors.PgException? PlanError { get; init; }

    public override IEnumerable<Datum[]> Execute(Datum[] parameters, ISessionContext ctx)
    {
        if (PlanError != null)
            throw PlanError;
        return Run(new ExecState(parameters ?? [], ctx));
    }

    public IEnumerable<Datum[]> Run(ExecState es)
    {
        if (PlanError != null)
            throw PlanError;
        int n = columns.Length;
        foreach (var row in root.Exec(es))
            yield return row.Length == n ? row : row[..n];
    }
}
