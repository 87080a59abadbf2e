// A sequence's parameters as pg_sequence stores them (FormData_pg_sequence), with the row conversions and the
// limits nextval works with. Immutable.
using Tusk.Access.Sequence;
using Tusk.Catalog;
using Tusk.Common.Types;

namespace Tusk.Executor.Commands;

internal readonly record struct SequenceForm(uint TypeId, long Start, long Increment, long Max, long Min, long Cache,
    bool Cycle)
{
    public SequenceLimits Limits => new(Increment, Min, Max, Cache, Cycle);

    public Datum[] ToRow(uint relid) =>
        [V.Oid(relid), V.Oid(TypeId), V.Int8(Start), V.Int8(Increment), V.Int8(Max), V.Int8(Min), V.Int8(Cache),
            V.Bool(Cycle)];

    public static SequenceForm FromRow(Datum[] r) =>
        new(V.AsOid(r[1]), r[2].Int, r[3].Int, r[4].Int, r[5].Int, r[6].Int, V.AsBool(r[7]));
}
