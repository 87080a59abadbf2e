// OIDs fixed by PostgreSQL that clients and catalog queries rely on: schemas, access methods, roles, databases.
// Objects made by bootstrap beyond these take OIDs from FirstBootstrapObjectId (12000) up;
// user objects take theirs from the shared counter, VarSup.FirstNormalObjectId (16384) and up.
namespace Tusk.Catalog;

public static class CatalogOids
{
    public const uint PgCatalogNamespace = 11;
    public const uint PgToastNamespace = 99;
    public const uint PublicNamespace = 2200;

    public const uint HeapAm = 2;
    public const uint BtreeAm = 403;
    public const uint HashAm = 405;

    public const uint BootstrapSuperuser = 10;
    public const uint PgDatabaseOwner = 6171;

    public const uint Template1 = 1;
    public const uint Template0 = 4;
    public const uint Postgres = 5;

    /// <summary>The first OID bootstrap hands out for objects PostgreSQL numbers at initdb time.</summary>
    public const uint FirstBootstrapObjectId = 12000;
}
