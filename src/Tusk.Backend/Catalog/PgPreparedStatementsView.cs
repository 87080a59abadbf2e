// pg_prepared_statements (prepare.c pg_prepared_statement): the session's named prepared statements, made by SQL
// PREPARE (from_sql true) or by a protocol Parse message (false), with PostgreSQL 15's columns.
// parameter_types is regtype[] in PostgreSQL; without that array type here it is text[] of the type names, which a
// client reading text sees the same ({integer,"double precision"}). generic_plans counts executions of the stored
// plan (Tusk never re-plans with the parameter values), custom_plans stays 0.
using Tusk.Common.Types;
using Tusk.Executor;
using Tusk.Executor.Functions;

namespace Tusk.Backend.Catalog;

/// <summary>One named prepared statement as the view shows it.</summary>
public readonly record struct PreparedStatementEntry(string Name, string Statement, long PrepareTime,
    uint[] ParameterTypes, bool FromSql, long GenericPlans, long CustomPlans);

/// <summary>The pg_prepared_statements system view over the session's prepared-statement table.</summary>
public sealed class PgPreparedStatementsView(IEnumerable<PreparedStatementEntry> statements) : ISystemView
{
    static readonly ResultColumn[] Cols =
    [
        new("name", TypeOid.Text), new("statement", TypeOid.Text), new("prepare_time", TypeOid.TimestampTz),
        new("parameter_types", TypeOid.TextArray), new("from_sql", TypeOid.Bool), new("generic_plans", TypeOid.Int8),
        new("custom_plans", TypeOid.Int8),
    ];

    public string Name => "pg_prepared_statements";

    public ResultColumn[] Columns => Cols;

    public IEnumerable<Datum[]> Scan()
    {
        foreach (var s in statements.ToList())
        {
            yield return
            [
                Datum.FromText(s.Name), Datum.FromText(s.Statement), Datum.FromTimestampTz(s.PrepareTime),
                Datum.FromArray(ArrayValue.OneDim(TypeOid.Text,
                    [.. s.ParameterTypes.Select(t => Datum.FromText(TypeNames.Display(t)))])),
                Datum.FromBool(s.FromSql), Datum.FromInt8(s.GenericPlans), Datum.FromInt8(s.CustomPlans),
            ];
        }
    }
}
