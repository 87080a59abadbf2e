// Table inheritance as pg_inherits records it (catalog/pg_inherits.c): a relation's direct children (ordered by
// OID, as find_inheritance_children sorts them) and the whole hierarchy below a relation in PostgreSQL's order
// (find_all_inheritors: breadth first, the relation itself first, each relation once however many parents lead to
// it) — what a scan of a parent without ONLY expands to, so it is asked for every table a query reads. The
// parent → children map is read from pg_inherits once and kept with the session's other caches (cleared by any
// catalog change of this backend and by invalidations from others), so a table without children costs a lookup.
// Entry points: FindAllInheritors, InheritanceChildren.
namespace Tusk.Catalog;

public sealed partial class CatalogSession
{
    Dictionary<uint, uint[]>? _inheritanceChildren; // parent → its children by OID; null until first needed

    /// <summary>The relations inheriting directly from <paramref name="relid"/>, by OID.</summary>
    public IReadOnlyList<uint> InheritanceChildren(uint relid) => InheritanceMap().GetValueOrDefault(relid, []);

    /// <summary>
    /// find_all_inheritors: <paramref name="relid"/> followed by every relation that inherits from it directly or
    /// indirectly, breadth first, children of each relation by OID, each relation once.
    /// </summary>
    public IReadOnlyList<uint> FindAllInheritors(uint relid)
    {
        var map = InheritanceMap();
        if (!map.ContainsKey(relid))
        {
            return [relid];
        }
        var result = new List<uint> { relid };
        var seen = new HashSet<uint> { relid };
        for (int i = 0; i < result.Count; i++)
        {
            foreach (uint child in map.GetValueOrDefault(result[i], []))
            {
                if (seen.Add(child))
                {
                    result.Add(child);
                }
            }
        }
        return result;
    }

    Dictionary<uint, uint[]> InheritanceMap() => _inheritanceChildren ??= Scan(SystemCatalogs.PgInherits)
        .GroupBy(r => V.AsOid(r.Values[1]), r => V.AsOid(r.Values[0]))
        .ToDictionary(g => g.Key, g => g.Order().ToArray());
}
