// EXPLAIN [ANALYZE] [VERBOSE] [(options)] query: one text column "QUERY PLAN". With ANALYZE the query runs to
// completion first (its rows are discarded; DML really writes, as in PostgreSQL) and each node reports actual
// rows, loops and times, followed by Planning Time and Execution Time. Options: ANALYZE, VERBOSE, COSTS,
// TIMING, SUMMARY, BUFFERS (accepted), FORMAT TEXT (others are 0A000).
using System.Diagnostics;
using System.Globalization;
using Tusk.Common.Types;

namespace Tusk.Executor.Nodes;

/// <summary>A planned EXPLAIN.</summary>
internal sealed class ExplainQuery(PreparedQuery inner, ExplainContext options, double planningMs) : PreparedQuery
{
    public override ResultColumn[] Columns => [new ResultColumn("QUERY PLAN", TypeOid.Text)];

    public override uint[] ParamTypes => inner.ParamTypes;

    public override string CommandTag(long rowsSent) => "EXPLAIN";

    public override IEnumerable<Datum[]> Execute(Datum[] parameters, ISessionContext ctx)
    {
        var es = new ExecState(parameters ?? [], ctx, analyze: options.Analyze);
        double execMs = 0;
        if (options.Analyze)
        {
            long t0 = Stopwatch.GetTimestamp();
            foreach (var _ in inner is SelectQuery q ? q.Run(es) : inner.Execute(parameters ?? [], ctx))
            {
            }
            execMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        List<string> lines;
        if (inner is SelectQuery sq)
            lines = options.ForRun(sq.QualifyNames, es.Instrumentation).Format(sq.Root);
        else
            lines = [inner.ExplainLine()];
        if (options.Analyze && options.Summary)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Planning Time: {planningMs:F3} ms"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Execution Time: {execMs:F3} ms"));
        }
        foreach (var l in lines)
            yield return [Datum.FromText(l)];
    }
}
