// pg_cursors (portalmem.c pg_cursor): the session's open cursors (DECLARE), with PostgreSQL 15's columns. Portals of
// the extended protocol are not listed, as in PostgreSQL. statement is the whole query string that declared it.
using Tusk.Common.Types;
using Tusk.Executor;

namespace Tusk.Backend.Catalog;

/// <summary>One cursor as the view shows it.</summary>
public readonly record struct CursorEntry(string Name, string Statement, bool IsHoldable, bool IsBinary,
    bool IsScrollable, long CreationTime);

/// <summary>The pg_cursors system view over the session's cursors.</summary>
public sealed class PgCursorsView(IEnumerable<CursorEntry> cursors) : ISystemView
{
    static readonly ResultColumn[] Cols =
    [
        new("name", TypeOid.Text), new("statement", TypeOid.Text), new("is_holdable", TypeOid.Bool),
        new("is_binary", TypeOid.Bool), new("is_scrollable", TypeOid.Bool), new("creation_time", TypeOid.TimestampTz),
    ];

    public string Name => "pg_cursors";

    public ResultColumn[] Columns => Cols;

    public IEnumerable<Datum[]> Scan()
    {
        foreach (var c in cursors.ToList())
        {
            yield return
            [
                Datum.FromText(c.Name), Datum.FromText(c.Statement), Datum.FromBool(c.IsHoldable),
                Datum.FromBool(c.IsBinary), Datum.FromBool(c.IsScrollable), Datum.FromTimestampTz(c.CreationTime),
            ];
        }
    }
}
