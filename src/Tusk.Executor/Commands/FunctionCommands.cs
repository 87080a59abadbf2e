// CREATE [OR REPLACE] FUNCTION and DROP FUNCTION (functioncmds.c CreateFunction / RemoveFunction, pg_proc.c
// ProcedureCreate and the language validators). LANGUAGE sql: one body string, checked at creation as
// check_function_bodies does (parsed and analysed with the parameters, final result type against RETURNS: 42P13);
// calls run it through SqlFunctionBody. LANGUAGE C: the library file must exist (58P01 "could not access file" as
// PostgreSQL reports a missing library); loading one is not supported (0A000). LANGUAGE internal: prosrc must name a
// built-in function. Parameters are IN only, without defaults; RETURNS SETOF and procedures are not supported yet.
// DROP FUNCTION refuses built-in functions (2BP01) and takes the operator class entries using the function along.
// Entry points: Create, Drop, Signature, ResolveType.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Analysis;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static class FunctionCommands
{
    /// <summary>
    /// The argument types a DROP FUNCTION / AGGREGATE / OPERATOR names, resolved as LookupTypeName does without a
    /// parse state: a missing type is 42704 with no cursor position, or with IF EXISTS a NOTICE and null (skip).
    /// </summary>
    public static uint[]? ResolveDropArgTypes(IEnumerable<TypeName> types, bool missingOk, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(ctx);
        var result = new List<uint>();
        foreach (var t in types)
        {
            try
            {
                result.Add(ResolveType(new TypeName { Names = t.Names, Typmods = t.Typmods, ArrayBounds = t.ArrayBounds }, ctx));
            }
            catch (PgException e) when (e.SqlState == SqlState.UndefinedObject)
            {
                if (!missingOk)
                    throw;
                ctx.Notice(SqlState.SuccessfulCompletion, e.Message + ", skipping");
                return null;
            }
        }
        return [.. result];
    }

    /// <summary>A type name to its OID, arrays of known element types included (oid[] → _oid).</summary>
    public static uint ResolveType(TypeName tn, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(tn);
        ArgumentNullException.ThrowIfNull(ctx);
        if (tn.ArrayBounds.Count == 0)
            return TypeNames.Resolve(tn);
        uint elem = TypeNames.Resolve(new TypeName { Names = tn.Names, Typmods = tn.Typmods, Location = tn.Location });
        var builtin = Array.Find(BuiltinTypes.All, b => b.Oid == elem);
        if (builtin is { Array: not 0 })
            return builtin.Array;
        var d = SystemCatalogs.PgType;
        int elemCol = d.Column("typelem"), catCol = d.Column("typcategory");
        var rows = ctx.Catalog.Scan(d, r => V.AsOid(r[elemCol]) == elem && V.AsChar(r[catCol]) == 'A');
        return rows.Count > 0 ? V.AsOid(rows[0].Values[0])
            : Throw.Error<uint>(SqlState.UndefinedObject, $"type \"{string.Join('.', tn.Names)}[]\" does not exist",
                position: tn.Location + 1);
    }

    /// <summary>format_procedure: name(type,type) with PostgreSQL's type names.</summary>
    public static string Signature(ProcInfo f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return $"{f.Name}({string.Join(',', f.ArgTypes.Select(TypeNames.Display))})";
    }

    public static string Create(CreateFunctionStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        if (s.IsProcedure)
            Throw.Error(SqlState.FeatureNotSupported, "CREATE PROCEDURE is not supported yet", position: s.Location + 1);
        var cat = ctx.Catalog;
        uint ns = s.Funcname.Count > 1 ? cat.GetNamespace(s.Funcname[^2], s.Location + 1) : cat.CreationNamespace(s.Location + 1);
        string name = s.Funcname[^1];
        var argTypes = new List<uint>();
        var argNames = new List<string>();
        foreach (var p in s.Parameters)
        {
            if (p.Mode is not (FunctionParameterMode.Default or FunctionParameterMode.In))
                Throw.Error(SqlState.FeatureNotSupported, "OUT, INOUT and VARIADIC parameters are not supported yet",
                    position: p.Location + 1);
            if (p.Defexpr != null)
                Throw.Error(SqlState.FeatureNotSupported, "parameter defaults are not supported yet", position: p.Location + 1);
            if (p.Name != null && argNames.Contains(p.Name))
                Throw.Error("42P13", $"parameter name \"{p.Name}\" used more than once");
            argTypes.Add(ResolveType(p.ArgType, ctx));
            argNames.Add(p.Name ?? "");
        }

        var opts = Options(s.Options);
        string language = opts.Language ?? Throw.Error<string>("42P13", "no language specified");
        uint lang = language switch
        {
            "sql" => CatalogSession.LanguageSql,
            "c" => CatalogSession.LanguageC,
            "internal" => CatalogSession.LanguageInternal,
            "plpgsql" => Throw.Error<uint>(SqlState.FeatureNotSupported, "language \"plpgsql\" is not supported yet"),
            _ => Throw.Error<uint>(SqlState.UndefinedObject, $"language \"{language}\" does not exist"),
        };
        if (s.ReturnType == null)
            Throw.Error("42P13", "function result type must be specified");
        if (s.ReturnType.Setof)
            Throw.Error(SqlState.FeatureNotSupported, "RETURNS SETOF is not supported yet", position: s.ReturnType.Location + 1);
        uint ret = ResolveType(s.ReturnType, ctx);
        var body = opts.As ?? Throw.Error<List<string>>("42P13", "no function body specified");
        string src;
        string? probin = null;
        if (lang == CatalogSession.LanguageC)
        {
            probin = body[0];
            src = body.Count > 1 ? body[1] : name;
        }
        else
        {
            if (body.Count != 1)
                Throw.Error("42P13", $"only one AS item needed for language \"{language}\"");
            src = body[0];
            if (lang == CatalogSession.LanguageInternal && FunctionCatalog.FindFunction(src.Trim()) == null)
                Throw.Error(SqlState.UndefinedFunction, $"there is no built-in function named \"{src}\"");
        }
        if (lang == CatalogSession.LanguageSql && ret == TypeOid.Trigger)
            Throw.Error("42P13", "SQL functions cannot return type trigger");

        var def = new ProcCatalog.Definition(name, ns, ctx.UserOid, lang, [.. argTypes], [.. argNames], ret,
            opts.Strict, opts.Volatility, opts.Parallel, src, probin);
        var existing = cat.FindFunctions(name).FirstOrDefault(f => f.Namespace == ns && f.ArgTypes.SequenceEqual(argTypes));
        uint oid;
        if (existing != null)
        {
            if (!s.Replace)
                Throw.Error("42723", $"function \"{name}\" already exists with same argument types");
            if (existing.ReturnType != ret)
                Throw.Error("42P13", "cannot change return type of existing function",
                    hint: $"Use DROP FUNCTION {Signature(existing)} first.");
            ProcCatalog.Replace(cat, existing.Oid, def);
            oid = existing.Oid;
        }
        else
        {
            oid = ProcCatalog.Create(cat, def);
        }
        if (lang == CatalogSession.LanguageC)
            CheckLibrary(probin!);
        if (lang == CatalogSession.LanguageSql && ctx.Settings.GetBool("check_function_bodies"))
            Validate(ctx, cat.FunctionByOid(oid)!);
        return "CREATE FUNCTION";
    }

    /// <summary>fmgr_sql_validator: the body must parse and analyse; errors carry the CONTEXT PostgreSQL gives.</summary>
    static void Validate(ISessionContext ctx, ProcInfo proc)
    {
        try
        {
            new SqlFunctionBody(proc).Compile(ctx);
        }
        catch (PgException e) when (e.Context == null)
        {
            // PostgreSQL moves a position inside the body onto the CREATE statement's text; without that text here
            // the position is left out. Errors without a position name the function in their CONTEXT.
            throw new PgException(e.SqlState, e.Message)
            {
                Detail = e.Detail, Hint = e.Hint, Context = e.Position > 0 ? null : $"SQL function \"{proc.Name}\"",
            };
        }
    }

    /// <summary>
    /// The C validator's library check (dfmgr.c): a path that does not exist (also with the library suffix added)
    /// is "could not access file" (58P01), reported with the name as written.
    /// </summary>
    static void CheckLibrary(string probin)
    {
        if (File.Exists(probin) || File.Exists(probin + ".so"))
            Throw.Error(SqlState.FeatureNotSupported, "C-language functions are not supported");
        Throw.Error("58P01", $"could not access file \"{probin}\": No such file or directory");
    }

    sealed record FunctionOptions(string? Language, List<string>? As, bool Strict, char Volatility, char Parallel);

    static FunctionOptions Options(List<DefElem> options)
    {
        string? language = null;
        List<string>? body = null;
        bool? strict = null;
        char? volatility = null, parallel = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in options)
        {
            if (!seen.Add(o.Defname))
                Throw.Error(SqlState.SyntaxError, "conflicting or redundant options", position: o.Location + 1);
            switch (o.Defname)
            {
                case "as":
                    body = ((NameList)o.Arg!).Names;
                    break;
                case "language":
                    language = ((A_Const)o.Arg!).Text!.ToLowerInvariant();
                    break;
                case "volatility":
                    volatility = ((A_Const)o.Arg!).Text![0];
                    break;
                case "strict":
                    strict = ((A_Const)o.Arg!).Text == "true";
                    break;
                case "parallel":
                    string p = ((A_Const)o.Arg!).Text!.ToLowerInvariant();
                    parallel = p switch
                    {
                        "safe" => 's',
                        "restricted" => 'r',
                        "unsafe" => 'u',
                        _ => Throw.Error<char>(SqlState.InvalidParameterValue,
                            "parameter \"parallel\" must be SAFE, RESTRICTED, or UNSAFE"),
                    };
                    break;
                case "security" or "leakproof" or "cost" or "rows":
                    break;
                default:
                    Throw.Error(SqlState.FeatureNotSupported, $"function option {o.Defname.ToUpperInvariant()} is not supported yet",
                        position: o.Location + 1);
                    break;
            }
        }
        return new FunctionOptions(language, body, strict ?? false, volatility ?? 'v', parallel ?? 'u');
    }

    // ---- DROP FUNCTION -----------------------------------------------------------------------------------------

    public static string Drop(DropStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var cat = ctx.Catalog;
        var drops = new List<ProcInfo>();
        foreach (var o in s.Objects)
        {
            var f = (ObjectWithArgs)o;
            string name = f.Objname[^1];
            string? schema = f.Objname.Count > 1 ? f.Objname[^2] : null;
            if (DropMessages.SchemaMissing(ctx, schema, s.MissingOk))
                continue;
            uint ns = schema == null ? 0 : cat.LookupNamespace(schema);
            bool Visible(ProcInfo p) => schema == null ? cat.SearchPathPosition(p.Namespace) >= 0 : p.Namespace == ns;
            var named = cat.FindFunctions(name).Where(Visible).ToList();
            ProcInfo? found;
            if (f.ArgsUnspecified)
            {
                if (named.Count > 1)
                    Throw.Error("42725", $"function name \"{string.Join('.', f.Objname)}\" is not unique",
                        hint: "Specify the argument list to select the function unambiguously.");
                found = named.FirstOrDefault();
                if (found == null && !s.MissingOk)
                    Throw.Error(SqlState.UndefinedFunction, $"could not find a function named \"{string.Join('.', f.Objname)}\"");
            }
            else
            {
                var types = ResolveDropArgTypes(f.Objargs, s.MissingOk, ctx);
                if (types == null)
                    continue;
                found = named.OrderBy(p => cat.SearchPathPosition(p.Namespace)).FirstOrDefault(p => p.ArgTypes.SequenceEqual(types));
                if (found == null && !s.MissingOk)
                {
                    if (IsBuiltin(name, types))
                        Throw.Error(SqlState.DependentObjectsStillExist,
                            $"cannot drop function {name}({string.Join(',', types.Select(TypeNames.Display))}) because it is required by the database system");
                    Throw.Error(SqlState.UndefinedFunction,
                        $"function {string.Join('.', f.Objname)}({string.Join(", ", types.Select(TypeNames.Display))}) does not exist");
                }
            }
            if (found == null)
            {
                string written = f.ArgsUnspecified ? "" : $"({string.Join(',', f.Objargs.Select(t => string.Join('.', t.Names)))})";
                ctx.Notice(SqlState.SuccessfulCompletion, $"function {string.Join('.', f.Objname)}{written} does not exist, skipping");
                continue;
            }
            drops.Add(found);
        }
        foreach (var p in drops)
        {
            // Operator class support entries go with the function without a word (PostgreSQL's auto dependency).
            HeapCatalog.DeleteWhere(cat, SystemCatalogs.PgAmproc, r => V.AsOid(r[5]) == p.Oid);
            ProcCatalog.Drop(cat, p.Oid);
        }
        return "DROP FUNCTION";
    }

    /// <summary>A built-in function with exactly this name and these argument types.</summary>
    internal static bool IsBuiltin(string name, uint[] types) =>
        FunctionCatalog.FindFunction(name)?.Any(b => b.ArgTypes.AsSpan().SequenceEqual(types)) == true;
}
