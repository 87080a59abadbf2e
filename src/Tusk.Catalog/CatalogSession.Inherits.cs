// Table inheritance as pg_inherits records it (catalog/pg_inherits.c): a relation's direct children (ordered by
// OID, as find_inheritance_children sorts them), its parents (by inhseqno), and the whole hierarchy below a
// relation in PostgreSQL's order (find_all_inheritors: breadth first, the relation itself first, each relation once
// however many parents lead to it) — what a scan of a parent without ONLY expands to.
// Entry points: FindAllInheritors, InheritanceChildren, InheritanceParents.
namespace Tusk.Catalog;

public sealed partial class CatalogSession
{
    /// <summary>The relations inheriting directly from <paramref name="relid"/>, by OID.</summary>
    public IReadOnlyList<uint> InheritanceChildren(uint relid) =>
        [.. Scan(SystemCatalogs.PgInherits, r => V.AsOid(r[1]) == relid).Select(r => V.AsOid(r.Values[0])).Order()];

    /// <summary>The direct parents of <paramref name="relid"/> in inhseqno order.</summary>
    public IReadOnlyList<uint> InheritanceParents(uint relid) =>
        [.. Scan(SystemCatalogs.PgInherits, r => V.AsOid(r[0]) == relid)
            .OrderBy(r => V.AsInt(r.Values[2])).Select(r => V.AsOid(r.Values[1]))];

    /// <summary>
    /// find_all_inheritors: <paramref name="relid"/> followed by every relation that inherits from it directly or
    /// indirectly, breadth first, children of each relation by OID, each relation once.
    /// </summary>
    public IReadOnlyList<uint> FindAllInheritors(uint relid)
    {
        var all = Scan(SystemCatalogs.PgInherits).Select(r => (Child: V.AsOid(r.Values[0]), Parent: V.AsOid(r.Values[1])))
            .ToList();
        var result = new List<uint> { relid };
        var seen = new HashSet<uint> { relid };
        for (int i = 0; i < result.Count; i++)
        {
            uint current = result[i];
            foreach (uint child in all.Where(e => e.Parent == current).Select(e => e.Child).Order())
            {
                if (seen.Add(child))
                    result.Add(child);
            }
        }
        return result;
    }
}
