// The system catalogs Tusk keeps as tables, with PostgreSQL 15's OIDs, names, columns and column types (catalog/
// pg_*.h). Row types with fixed OIDs are the four PostgreSQL fixes (pg_type 71, pg_attribute 75, pg_proc 81,
// pg_class 83); the others get theirs at bootstrap. Entry points: the static fields, SystemCatalogs.All.
using Tusk.Common.Types;

namespace Tusk.Catalog;

/// <summary>Definitions of the system catalogs.</summary>
public static class SystemCatalogs
{
    const uint Oid = TypeOid.Oid, Name = TypeOid.Name, Bool = TypeOid.Bool, Char = TypeOid.Char, Int2 = TypeOid.Int2,
        Int4 = TypeOid.Int4, Int8 = TypeOid.Int8, Float4 = TypeOid.Float4, Text = TypeOid.Text, Xid = TypeOid.Xid,
        Regproc = TypeOid.Regproc, Acl = TypeOid.AclItemArray, NodeTree = TypeOid.PgNodeTree,
        TextArr = TypeOid.TextArray, Int2Arr = TypeOid.Int2Array, OidArr = TypeOid.OidArray,
        Int2Vec = TypeOid.Int2Vector, OidVec = TypeOid.OidVector;

    public static readonly CatalogDef PgType = new(1247, "pg_type", false, 71,
    [
        ("oid", Oid), ("typname", Name), ("typnamespace", Oid), ("typowner", Oid), ("typlen", Int2),
        ("typbyval", Bool), ("typtype", Char), ("typcategory", Char), ("typispreferred", Bool),
        ("typisdefined", Bool), ("typdelim", Char), ("typrelid", Oid), ("typsubscript", Regproc), ("typelem", Oid),
        ("typarray", Oid), ("typinput", Regproc), ("typoutput", Regproc), ("typreceive", Regproc),
        ("typsend", Regproc), ("typmodin", Regproc), ("typmodout", Regproc), ("typanalyze", Regproc),
        ("typalign", Char), ("typstorage", Char), ("typnotnull", Bool), ("typbasetype", Oid), ("typtypmod", Int4),
        ("typndims", Int4), ("typcollation", Oid), ("typdefaultbin", NodeTree), ("typdefault", Text),
        ("typacl", Acl),
    ]);

    public static readonly CatalogDef PgAttribute = new(1249, "pg_attribute", false, 75,
    [
        ("attrelid", Oid), ("attname", Name), ("atttypid", Oid), ("attstattarget", Int4), ("attlen", Int2),
        ("attnum", Int2), ("attndims", Int4), ("attcacheoff", Int4), ("atttypmod", Int4), ("attbyval", Bool),
        ("attalign", Char), ("attstorage", Char), ("attcompression", Char), ("attnotnull", Bool),
        ("atthasdef", Bool), ("atthasmissing", Bool), ("attidentity", Char), ("attgenerated", Char),
        ("attisdropped", Bool), ("attislocal", Bool), ("attinhcount", Int4), ("attcollation", Oid),
        ("attacl", Acl), ("attoptions", TextArr), ("attfdwoptions", TextArr), ("attmissingval", TypeOid.AnyArray),
    ]);

    public static readonly CatalogDef PgClass = new(1259, "pg_class", false, 83,
    [
        ("oid", Oid), ("relname", Name), ("relnamespace", Oid), ("reltype", Oid), ("reloftype", Oid),
        ("relowner", Oid), ("relam", Oid), ("relfilenode", Oid), ("reltablespace", Oid), ("relpages", Int4),
        ("reltuples", Float4), ("relallvisible", Int4), ("reltoastrelid", Oid), ("relhasindex", Bool),
        ("relisshared", Bool), ("relpersistence", Char), ("relkind", Char), ("relnatts", Int2), ("relchecks", Int2),
        ("relhasrules", Bool), ("relhastriggers", Bool), ("relhassubclass", Bool), ("relrowsecurity", Bool),
        ("relforcerowsecurity", Bool), ("relispopulated", Bool), ("relreplident", Char), ("relispartition", Bool),
        ("relrewrite", Oid), ("relfrozenxid", Xid), ("relminmxid", Xid), ("relacl", Acl), ("reloptions", TextArr),
        ("relpartbound", NodeTree),
    ]);

    public static readonly CatalogDef PgNamespace = new(2615, "pg_namespace", false, 0,
        [("oid", Oid), ("nspname", Name), ("nspowner", Oid), ("nspacl", Acl)]);

    public static readonly CatalogDef PgAm = new(2601, "pg_am", false, 0,
        [("oid", Oid), ("amname", Name), ("amhandler", Regproc), ("amtype", Char)]);

    public static readonly CatalogDef PgAttrdef = new(2604, "pg_attrdef", false, 0,
        [("oid", Oid), ("adrelid", Oid), ("adnum", Int2), ("adbin", NodeTree)]);

    public static readonly CatalogDef PgConstraint = new(2606, "pg_constraint", false, 0,
    [
        ("oid", Oid), ("conname", Name), ("connamespace", Oid), ("contype", Char), ("condeferrable", Bool),
        ("condeferred", Bool), ("convalidated", Bool), ("conrelid", Oid), ("contypid", Oid), ("conindid", Oid),
        ("conparentid", Oid), ("confrelid", Oid), ("confupdtype", Char), ("confdeltype", Char),
        ("confmatchtype", Char), ("conislocal", Bool), ("coninhcount", Int4), ("connoinherit", Bool),
        ("conkey", Int2Arr), ("confkey", Int2Arr), ("conpfeqop", OidArr), ("conppeqop", OidArr),
        ("conffeqop", OidArr), ("confdelsetcols", Int2Arr), ("conexclop", OidArr), ("conbin", NodeTree),
    ]);

    public static readonly CatalogDef PgDescription = new(2609, "pg_description", false, 0,
        [("objoid", Oid), ("classoid", Oid), ("objsubid", Int4), ("description", Text)]);

    public static readonly CatalogDef PgIndex = new(2610, "pg_index", false, 0,
    [
        ("indexrelid", Oid), ("indrelid", Oid), ("indnatts", Int2), ("indnkeyatts", Int2), ("indisunique", Bool),
        ("indnullsnotdistinct", Bool), ("indisprimary", Bool), ("indisexclusion", Bool), ("indimmediate", Bool),
        ("indisclustered", Bool), ("indisvalid", Bool), ("indcheckxmin", Bool), ("indisready", Bool),
        ("indislive", Bool), ("indisreplident", Bool), ("indkey", Int2Vec), ("indcollation", OidVec),
        ("indclass", OidVec), ("indoption", Int2Vec), ("indexprs", NodeTree), ("indpred", NodeTree),
    ]);

    public static readonly CatalogDef PgSequence = new(2224, "pg_sequence", false, 0,
    [
        ("seqrelid", Oid), ("seqtypid", Oid), ("seqstart", Int8), ("seqincrement", Int8), ("seqmax", Int8),
        ("seqmin", Int8), ("seqcache", Int8), ("seqcycle", Bool),
    ]);

    public static readonly CatalogDef PgDepend = new(2608, "pg_depend", false, 0,
    [
        ("classid", Oid), ("objid", Oid), ("objsubid", Int4), ("refclassid", Oid), ("refobjid", Oid),
        ("refobjsubid", Int4), ("deptype", Char),
    ]);

    public static readonly CatalogDef PgAuthid = new(1260, "pg_authid", true, 2842,
    [
        ("oid", Oid), ("rolname", Name), ("rolsuper", Bool), ("rolinherit", Bool), ("rolcreaterole", Bool),
        ("rolcreatedb", Bool), ("rolcanlogin", Bool), ("rolreplication", Bool), ("rolbypassrls", Bool),
        ("rolconnlimit", Int4), ("rolpassword", Text), ("rolvaliduntil", TypeOid.TimestampTz),
    ]);

    public static readonly CatalogDef PgDatabase = new(1262, "pg_database", true, 1248,
    [
        ("oid", Oid), ("datname", Name), ("datdba", Oid), ("encoding", Int4), ("datlocprovider", Char),
        ("datistemplate", Bool), ("datallowconn", Bool), ("datconnlimit", Int4), ("datfrozenxid", Xid),
        ("datminmxid", Xid), ("dattablespace", Oid), ("datcollate", Text), ("datctype", Text),
        ("daticulocale", Text), ("datcollversion", Text), ("datacl", Acl),
    ]);

    public static readonly CatalogDef PgDbRoleSetting = new(2964, "pg_db_role_setting", true, 0,
        [("setdatabase", Oid), ("setrole", Oid), ("setconfig", TextArr)]);

    public static readonly CatalogDef PgEnum = new(3501, "pg_enum", false, 0,
        [("oid", Oid), ("enumtypid", Oid), ("enumsortorder", Float4), ("enumlabel", Name)]);

    public static readonly CatalogDef PgRange = new(3541, "pg_range", false, 0,
    [
        ("rngtypid", Oid), ("rngsubtype", Oid), ("rngmultitypid", Oid), ("rngcollation", Oid), ("rngsubopc", Oid),
        ("rngcanonical", Regproc), ("rngsubdiff", Regproc),
    ]);

    public static readonly CatalogDef PgProc = new(1255, "pg_proc", false, 81,
    [
        ("oid", Oid), ("proname", Name), ("pronamespace", Oid), ("proowner", Oid), ("prolang", Oid),
        ("procost", Float4), ("prorows", Float4), ("provariadic", Oid), ("prosupport", Regproc), ("prokind", Char),
        ("prosecdef", Bool), ("proleakproof", Bool), ("proisstrict", Bool), ("proretset", Bool), ("provolatile", Char),
        ("proparallel", Char), ("pronargs", Int2), ("pronargdefaults", Int2), ("prorettype", Oid),
        ("proargtypes", OidVec), ("proallargtypes", OidArr), ("proargmodes", TypeOid.CharArray),
        ("proargnames", TextArr), ("proargdefaults", NodeTree), ("protrftypes", OidArr), ("prosrc", Text),
        ("probin", Text), ("prosqlbody", NodeTree), ("proconfig", TextArr), ("proacl", Acl),
    ]);

    public static readonly CatalogDef PgOperator = new(2617, "pg_operator", false, 0,
    [
        ("oid", Oid), ("oprname", Name), ("oprnamespace", Oid), ("oprowner", Oid), ("oprkind", Char),
        ("oprcanmerge", Bool), ("oprcanhash", Bool), ("oprleft", Oid), ("oprright", Oid), ("oprresult", Oid),
        ("oprcom", Oid), ("oprnegate", Oid), ("oprcode", Regproc), ("oprrest", Regproc), ("oprjoin", Regproc),
    ]);

    public static readonly CatalogDef PgInherits = new(2611, "pg_inherits", false, 0,
        [("inhrelid", Oid), ("inhparent", Oid), ("inhseqno", Int4), ("inhdetachpending", Bool)]);

    public static readonly CatalogDef PgOpfamily = new(2753, "pg_opfamily", false, 0,
        [("oid", Oid), ("opfmethod", Oid), ("opfname", Name), ("opfnamespace", Oid), ("opfowner", Oid)]);

    public static readonly CatalogDef PgOpclass = new(2616, "pg_opclass", false, 0,
    [
        ("oid", Oid), ("opcmethod", Oid), ("opcname", Name), ("opcnamespace", Oid), ("opcowner", Oid),
        ("opcfamily", Oid), ("opcintype", Oid), ("opcdefault", Bool), ("opckeytype", Oid),
    ]);

    public static readonly CatalogDef PgAmop = new(2602, "pg_amop", false, 0,
    [
        ("oid", Oid), ("amopfamily", Oid), ("amoplefttype", Oid), ("amoprighttype", Oid), ("amopstrategy", Int2),
        ("amoppurpose", Char), ("amopopr", Oid), ("amopmethod", Oid), ("amopsortfamily", Oid),
    ]);

    public static readonly CatalogDef PgAmproc = new(2603, "pg_amproc", false, 0,
    [
        ("oid", Oid), ("amprocfamily", Oid), ("amproclefttype", Oid), ("amprocrighttype", Oid), ("amprocnum", Int2),
        ("amproc", Regproc),
    ]);
    public static readonly CatalogDef PgRewrite = new(2618, "pg_rewrite", false, 0,
    [
        ("oid", Oid), ("rulename", Name), ("ev_class", Oid), ("ev_type", Char), ("ev_enabled", Char),
        ("is_instead", Bool), ("ev_qual", TypeOid.PgNodeTree), ("ev_action", TypeOid.PgNodeTree),
    ]);

    public static readonly CatalogDef PgShdescription = new(2396, "pg_shdescription", true, 0,
        [("objoid", Oid), ("classoid", Oid), ("description", Text)]);

    /// <summary>The catalogs shared by all databases (global/), in bootstrap order.</summary>
    public static readonly CatalogDef[] Shared = [PgAuthid, PgDatabase, PgDbRoleSetting, PgShdescription];

    /// <summary>Every per-database catalog, in bootstrap order.</summary>
    public static readonly CatalogDef[] All =
        [PgType, PgAttribute, PgClass, PgNamespace, PgAm, PgAttrdef, PgConstraint, PgDescription, PgIndex, PgSequence,
        PgDepend, PgEnum, PgRange, PgProc, PgOperator, PgInherits, PgOpfamily, PgOpclass, PgAmop, PgAmproc, PgRewrite];

    /// <summary>A catalog by its OID, or null.</summary>
    public static CatalogDef? ByOid(uint oid) => Array.Find(All, c => c.Oid == oid) ?? Array.Find(Shared, c => c.Oid == oid);
}
