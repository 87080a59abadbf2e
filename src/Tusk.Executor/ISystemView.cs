// A relation whose rows are computed by the server (pg_stat_activity and later pg_settings etc.).
// Scan() is called once per execution; rows must match Columns in order and type.
using Tusk.Common.Types;

namespace Tusk.Executor;

/// <summary>A built-in view the executor can read in FROM.</summary>
public interface ISystemView
{
    string Name { get; }
    ResultColumn[] Columns { get; }
    IEnumerable<Datum[]> Scan();
}
