// The signatures of the built-in aggregates (PostgreSQL's pg_proc rows with prokind 'a' for the aggregates the
// executor implements: count, sum, avg, min, max, bool_and, bool_or, every, string_agg, array_agg). The executor
// binds aggregates by name (Analyzer.BindAggregate); these rows are what catalogs show (psql's \da) and what
// DROP AGGREGATE and CREATE AGGREGATE check against.
// Entry points: AllAggregates, IsBuiltinAggregate.
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    /// <summary>A built-in aggregate's signature.</summary>
    public readonly record struct AggregateSignature(string Name, uint[] ArgTypes, uint ReturnType);

    const uint AnyType = 2276;

    static readonly uint[] MinMaxTypes =
    [
        TypeOid.Int2, TypeOid.Int4, TypeOid.Int8, TypeOid.Float4, TypeOid.Float8, TypeOid.Numeric, TypeOid.Text,
        TypeOid.Bpchar, TypeOid.Oid, TypeOid.Date, TypeOid.Time, TypeOid.TimeTz, TypeOid.Timestamp,
        TypeOid.TimestampTz, TypeOid.Interval, TypeOid.Inet, TypeOid.AnyArray, TypeOid.AnyEnum,
    ];

    static readonly AggregateSignature[] Aggregates = BuildAggregates();

    static AggregateSignature[] BuildAggregates()
    {
        var list = new List<AggregateSignature>
        {
            new("count", [], TypeOid.Int8),
            new("count", [AnyType], TypeOid.Int8),
            new("sum", [TypeOid.Int2], TypeOid.Int8),
            new("sum", [TypeOid.Int4], TypeOid.Int8),
            new("sum", [TypeOid.Int8], TypeOid.Numeric),
            new("sum", [TypeOid.Float4], TypeOid.Float4),
            new("sum", [TypeOid.Float8], TypeOid.Float8),
            new("sum", [TypeOid.Numeric], TypeOid.Numeric),
            new("sum", [TypeOid.Interval], TypeOid.Interval),
            new("avg", [TypeOid.Int2], TypeOid.Numeric),
            new("avg", [TypeOid.Int4], TypeOid.Numeric),
            new("avg", [TypeOid.Int8], TypeOid.Numeric),
            new("avg", [TypeOid.Numeric], TypeOid.Numeric),
            new("avg", [TypeOid.Float4], TypeOid.Float8),
            new("avg", [TypeOid.Float8], TypeOid.Float8),
            new("avg", [TypeOid.Interval], TypeOid.Interval),
            new("bool_and", [TypeOid.Bool], TypeOid.Bool),
            new("bool_or", [TypeOid.Bool], TypeOid.Bool),
            new("every", [TypeOid.Bool], TypeOid.Bool),
            new("string_agg", [TypeOid.Text, TypeOid.Text], TypeOid.Text),
            new("string_agg", [TypeOid.Bytea, TypeOid.Bytea], TypeOid.Bytea),
            new("array_agg", [TypeOid.AnyNonArray], TypeOid.AnyArray),
            new("array_agg", [TypeOid.AnyArray], TypeOid.AnyArray),
        };
        foreach (uint t in MinMaxTypes)
        {
            list.Add(new("max", [t], t));
            list.Add(new("min", [t], t));
        }
        return [.. list];
    }

    public static IEnumerable<AggregateSignature> AllAggregates() => Aggregates;

    /// <summary>True when a built-in aggregate has exactly this name and these argument types.</summary>
    public static bool IsBuiltinAggregate(string name, uint[] args) =>
        Array.Exists(Aggregates, a => a.Name == name && a.ArgTypes.AsSpan().SequenceEqual(args));
}
