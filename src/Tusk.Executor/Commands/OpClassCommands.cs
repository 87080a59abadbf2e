// CREATE OPERATOR CLASS (opclasscmds.c DefineOpClass): records the class in pg_opclass, its family in pg_opfamily
// (made with the class's name when no FAMILY is given and none exists), each OPERATOR in pg_amop (looked up in
// pg_operator) and each FUNCTION in pg_amproc (looked up in pg_proc), with the access method's checks of the
// strategy and support numbers and of hash support functions' signatures. Only btree and hash are known; the rows
// are catalog facts for now (no index uses them yet).
// Entry points: Define, LookupOperator.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;
using Tusk.Storage.Transam;

namespace Tusk.Executor.Commands;

public static class OpClassCommands
{
    /// <summary>The operator of pg_operator with this name and operand types, or 0.</summary>
    public static uint LookupOperator(CatalogSession cat, string name, uint left, uint right)
    {
        ArgumentNullException.ThrowIfNull(cat);
        var o = SystemCatalogs.PgOperator;
        int l = o.Column("oprleft"), r = o.Column("oprright");
        var rows = cat.Scan(o, x => V.AsString(x[1]) == name && V.AsOid(x[l]) == left && V.AsOid(x[r]) == right);
        return rows.Count > 0 ? V.AsOid(rows[0].Values[0]) : 0;
    }

    public static string Define(CreateOpClassStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var cat = ctx.Catalog;
        (uint am, int maxOp, int maxProc) = s.AmName switch
        {
            "btree" => (CatalogOids.BtreeAm, 5, 5),
            "hash" => (CatalogOids.HashAm, 1, 3),
            _ when s.AmName is "gist" or "gin" or "spgist" or "brin" =>
                Throw.Error<(uint, int, int)>(SqlState.FeatureNotSupported, $"operator classes for access method \"{s.AmName}\" are not supported yet"),
            _ => Throw.Error<(uint, int, int)>(SqlState.UndefinedObject, $"access method \"{s.AmName}\" does not exist"),
        };
        uint ns = s.OpClassName.Count > 1 ? cat.GetNamespace(s.OpClassName[^2]) : cat.CreationNamespace();
        string name = s.OpClassName[^1];
        var c = SystemCatalogs.PgOpclass;
        if (cat.Scan(c, r => V.AsOid(r[1]) == am && V.AsString(r[2]) == name && V.AsOid(r[3]) == ns).Count > 0)
            Throw.Error(SqlState.DuplicateObject, $"operator class \"{name}\" for access method \"{s.AmName}\" already exists");
        uint type = FunctionCommands.ResolveType(s.DataType, ctx);
        if (s.IsDefault && cat.Scan(c, r => V.AsOid(r[1]) == am && V.AsOid(r[6]) == type && V.AsBool(r[7])) is [var other, ..])
            Throw.Error(SqlState.DuplicateObject,
                $"could not make operator class \"{name}\" be default for type {TypeNames.Display(type)}",
                detail: $"Operator class \"{V.AsString(other.Values[2])}\" already is the default.");
        uint family = Family(cat, ctx, s, am, ns, name);

        var amops = new List<Datum[]>();
        var amprocs = new List<Datum[]>();
        foreach (var item in s.Items)
        {
            switch (item.ItemType)
            {
                case OpClassItemType.Operator:
                {
                    if (item.Number < 1 || item.Number > maxOp)
                        Throw.Error(SqlState.InvalidObjectDefinition,
                            $"invalid operator number {item.Number}, must be between 1 and {maxOp}");
                    var op = item.Name!;
                    uint l = type, r = type;
                    if (op.Objargs.Count == 2)
                        (l, r) = (FunctionCommands.ResolveType(op.Objargs[0], ctx), FunctionCommands.ResolveType(op.Objargs[1], ctx));
                    string opName = op.Objname[^1];
                    uint opOid = LookupOperator(cat, opName, l, r);
                    if (opOid == 0)
                        Throw.Error(SqlState.UndefinedFunction,
                            $"operator does not exist: {TypeNames.Display(l)} {opName} {TypeNames.Display(r)}");
                    amops.Add([V.Oid(0), V.Oid(family), V.Oid(l), V.Oid(r), V.Int2(item.Number),
                        V.Char(item.OrderFamily.Count > 0 ? 'o' : 's'), V.Oid(opOid), V.Oid(am), V.Oid(0)]);
                    break;
                }
                case OpClassItemType.Function:
                {
                    if (item.Number < 1 || item.Number > maxProc)
                        Throw.Error(SqlState.InvalidObjectDefinition,
                            $"invalid function number {item.Number}, must be between 1 and {maxProc}");
                    var fn = item.Name!;
                    var args = fn.Objargs.Select(t => FunctionCommands.ResolveType(t, ctx)).ToArray();
                    var (procOid, ret) = FindProc(cat, fn, args);
                    if (am == CatalogOids.HashAm)
                        CheckHashProc(item.Number, args, ret);
                    uint l = item.ClassArgs.Count > 0 ? FunctionCommands.ResolveType(item.ClassArgs[0], ctx)
                        : args.Length > 0 ? args[0] : type;
                    uint r = item.ClassArgs.Count > 1 ? FunctionCommands.ResolveType(item.ClassArgs[1], ctx)
                        : am == CatalogOids.HashAm || args.Length < 2 ? l : args[1];
                    amprocs.Add([V.Oid(0), V.Oid(family), V.Oid(l), V.Oid(r), V.Int2(item.Number), V.Regproc(procOid)]);
                    break;
                }
                default:
                    Throw.Error(SqlState.InvalidObjectDefinition, "storage type specified but access method does not support it");
                    break;
            }
        }
        CatalogIO.Insert(c, cat.DatabaseOid, cat,
        [
            V.Oid(VarSup.GetNewObjectId()), V.Oid(am), V.Name(name), V.Oid(ns), V.Oid(ctx.UserOid), V.Oid(family),
            V.Oid(type), V.Bool(s.IsDefault), V.Oid(0),
        ]);
        foreach (var row in amops)
        {
            row[0] = V.Oid(VarSup.GetNewObjectId());
            CatalogIO.Insert(SystemCatalogs.PgAmop, cat.DatabaseOid, cat, row);
        }
        foreach (var row in amprocs)
        {
            row[0] = V.Oid(VarSup.GetNewObjectId());
            CatalogIO.Insert(SystemCatalogs.PgAmproc, cat.DatabaseOid, cat, row);
        }
        return "CREATE OPERATOR CLASS";
    }

    /// <summary>The named family (42704 when missing), or the family of the class's own name, made when needed.</summary>
    static uint Family(CatalogSession cat, ISessionContext ctx, CreateOpClassStmt s, uint am, uint ns, string name)
    {
        var f = SystemCatalogs.PgOpfamily;
        string famName = s.OpFamilyName.Count > 0 ? s.OpFamilyName[^1] : name;
        uint famNs = s.OpFamilyName.Count > 1 ? cat.GetNamespace(s.OpFamilyName[^2]) : ns;
        var rows = cat.Scan(f, r => V.AsOid(r[1]) == am && V.AsString(r[2]) == famName && V.AsOid(r[3]) == famNs);
        if (rows.Count > 0)
            return V.AsOid(rows[0].Values[0]);
        if (s.OpFamilyName.Count > 0)
            Throw.Error(SqlState.UndefinedObject,
                $"operator family \"{string.Join('.', s.OpFamilyName)}\" does not exist for access method \"{s.AmName}\"");
        uint oid = VarSup.GetNewObjectId();
        CatalogIO.Insert(f, cat.DatabaseOid, cat, [V.Oid(oid), V.Oid(am), V.Name(famName), V.Oid(famNs), V.Oid(ctx.UserOid)]);
        return oid;
    }

    static (uint Oid, uint Ret) FindProc(CatalogSession cat, ObjectWithArgs fn, uint[] args)
    {
        string name = fn.Objname[^1];
        var p = cat.FindFunctions(name).FirstOrDefault(f => f.ArgTypes.SequenceEqual(args));
        if (p != null)
            return (p.Oid, p.ReturnType);
        uint oid = ProcCatalog.FindOid(cat, name, args, out uint ret);
        return oid != 0 ? (oid, ret) : Throw.Error<(uint, uint)>(SqlState.UndefinedFunction,
            $"function {string.Join('.', fn.Objname)}({string.Join(", ", args.Select(TypeNames.Display))}) does not exist");
    }

    /// <summary>hashhandler's checks: proc 1 is hash(type) → int4, proc 2 is hash(type, int8) → int8.</summary>
    static void CheckHashProc(int number, uint[] args, uint ret)
    {
        (int nargs, uint result) = number switch { 1 => (1, TypeOid.Int4), 2 => (2, TypeOid.Int8), _ => (0, 0u) };
        if (result == 0)
            return;
        if (args.Length != nargs || (nargs == 2 && args[1] != TypeOid.Int8))
            Throw.Error(SqlState.InvalidObjectDefinition, number == 1
                ? "hash function 1 must have one argument"
                : "hash function 2 must have two arguments");
        if (ret != result)
            Throw.Error(SqlState.InvalidObjectDefinition,
                $"hash function {number} must return {TypeNames.Display(result)}");
    }
}
