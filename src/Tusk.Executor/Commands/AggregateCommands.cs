// CREATE AGGREGATE and DROP AGGREGATE (aggregatecmds.c DefineAggregate, pg_aggregate.c AggregateCreate and
// lookup_agg_function, dropcmds.c). CREATE checks the definition in PostgreSQL's order and with its messages:
// the attributes (unknown ones only warn), stype and sfunc present, the input types (old form: basetype; new form:
// the argument list, where basetype is redundant), the initial value against the state type's input, the transition
// function sfunc(stype, inputs...) found without run-time coercion and returning stype, the strict-function rule for
// an omitted initcond, and finalfunc(stype). Aggregates defined in SQL cannot run yet, so a definition that passes
// every check ends in 0A000. DROP AGGREGATE resolves name and argument types against pg_proc: a built-in aggregate is
// refused (2BP01), a plain function is "not an aggregate" (42809), nothing found is 42883 or, with IF EXISTS, a NOTICE.
// Entry points: Create, Drop.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static class AggregateCommands
{
    static readonly HashSet<string> KnownAttributes = new(StringComparer.Ordinal)
    {
        "sfunc", "sfunc1", "stype", "stype1", "basetype", "finalfunc", "finalfunc_extra", "finalfunc_modify",
        "combinefunc", "serialfunc", "deserialfunc", "msfunc", "minvfunc", "mstype", "mfinalfunc", "mfinalfunc_extra",
        "mfinalfunc_modify", "sortop", "hypothetical", "initcond", "initcond1", "minitcond", "sspace", "msspace",
        "parallel",
    };

    public static string Create(CreateAggregateStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var defs = new Dictionary<string, DefElem>(StringComparer.Ordinal);
        foreach (var d in s.Definition)
        {
            string name = d.Defname.ToLowerInvariant();
            if (!KnownAttributes.Contains(name))
            {
                ctx.Warning(SqlState.SyntaxError, $"aggregate attribute \"{d.Defname}\" not recognized");
                continue;
            }
            name = name.TrimEnd('1');
            if (name is "finalfunc_modify" or "mfinalfunc_modify"
                && DefString(d) is not ("read_only" or "shareable" or "read_write"))
                Throw.Error(SqlState.SyntaxError, $"parameter \"{d.Defname}\" must be READ_ONLY, SHAREABLE, or READ_WRITE");
            if (name is "sspace" or "msspace" && d.Arg is not A_Const { Kind: ConstKind.Integer })
                Throw.Error(SqlState.SyntaxError, $"{d.Defname} requires an integer value");
            defs[name] = d;
        }
        if (!defs.TryGetValue("stype", out var stypeDef))
            Throw.Error("42P13", "aggregate stype must be specified");
        if (!defs.TryGetValue("sfunc", out var sfuncDef))
            Throw.Error("42P13", "aggregate sfunc must be specified");

        uint[] inputs;
        if (s.Args == null)
        {
            if (!defs.TryGetValue("basetype", out var baseDef))
                Throw.Error("42P13", "aggregate input type must be specified");
            var baseType = DefTypeName(baseDef);
            inputs = baseType.Names is [var n] && n.Equals("any", StringComparison.OrdinalIgnoreCase)
                ? [] : [FunctionCommands.ResolveType(baseType, ctx)];
        }
        else
        {
            if (defs.ContainsKey("basetype"))
                Throw.Error("42P13", "basetype is redundant with aggregate input type specification");
            inputs = [.. s.Args.Select(p => ResolveArgType(p.ArgType, ctx))];
        }
        uint stype = FunctionCommands.ResolveType(DefTypeName(stypeDef), ctx);
        if (Array.Find(BuiltinTypes.All, b => b.Oid == stype) is { Type: 'p' } && !Polymorphic.IsPolymorphic(stype))
            Throw.Error("42P13",
                $"aggregate transition data type cannot be {TypeNames.Display(stype)}");
        string? initcond = defs.TryGetValue("initcond", out var initDef) ? DefString(initDef) : null;
        if (initcond != null)
            Casts.Cast(Datum.FromText(initcond, TypeOid.Unknown), stype, -1, ctx.Output, true);
        if (defs.TryGetValue("parallel", out var par) && DefString(par) is not ("safe" or "restricted" or "unsafe"))
            Throw.Error(SqlState.SyntaxError, "parameter \"parallel\" must be SAFE, RESTRICTED, or UNSAFE");

        var sfunc = LookupSupportFunction(DefTypeName(sfuncDef).Names, [stype, .. inputs], ctx);
        if (sfunc.ReturnType != stype)
            Throw.Error(SqlState.DatatypeMismatch,
                $"return type of transition function {string.Join('.', DefTypeName(sfuncDef).Names)} is not {TypeNames.Display(stype)}");
        if (sfunc.Strict && initcond == null && (inputs.Length == 0 || inputs[0] != stype))
            Throw.Error("42P13",
                "must not omit initial value when transition function is strict and transition type is not compatible with input type");
        if (defs.TryGetValue("finalfunc", out var finalDef))
            LookupSupportFunction(DefTypeName(finalDef).Names, [stype], ctx);
        Throw.Error(SqlState.FeatureNotSupported, "CREATE AGGREGATE is not supported yet",
            position: s.Location + 1);
        return "CREATE AGGREGATE";
    }

    /// <summary>An argument type, missing ones in interpret_function_parameter_list's words (unquoted, no position).</summary>
    static uint ResolveArgType(TypeName t, ISessionContext ctx)
    {
        try
        {
            return FunctionCommands.ResolveType(t, ctx);
        }
        catch (PgException e) when (e.SqlState == SqlState.UndefinedObject)
        {
            return Throw.Error<uint>(SqlState.UndefinedObject, $"type {string.Join('.', t.Names)} does not exist");
        }
    }

    /// <summary>The function an aggregate names (lookup_agg_function): built-in or defined in SQL.</summary>
    static (uint ReturnType, bool Strict) LookupSupportFunction(List<string> names, uint[] args, ISessionContext ctx)
    {
        string name = names[^1];
        string sig = $"{string.Join('.', names)}({string.Join(", ", args.Select(TypeNames.Display))})";
        if (names.Count == 1 || names is ["pg_catalog", _])
        {
            var cands = FunctionCatalog.FindFunction(name)?.Where(b => b.Set == null && !b.AnyArgs).ToList();
            var fn = cands == null ? null : FunctionCatalog.Select(cands, args, out _);
            if (fn != null)
            {
                if (!fn.ArgTypes.AsSpan().SequenceEqual(args))
                    Throw.Error(SqlState.DatatypeMismatch,
                        $"function {name}({string.Join(", ", fn.ArgTypes.Select(TypeNames.Display))}) requires run-time type coercion");
                return (fn.ReturnType, fn.Strict);
            }
        }
        var cat = ctx.Catalog;
        string? schema = names.Count > 1 ? names[^2] : null;
        uint ns = schema == null ? 0 : cat.LookupNamespace(schema);
        var found = cat.FindFunctions(name)
            .Where(p => schema == null ? cat.SearchPathPosition(p.Namespace) >= 0 : p.Namespace == ns)
            .OrderBy(p => cat.SearchPathPosition(p.Namespace))
            .FirstOrDefault(p => p.ArgTypes.AsSpan().SequenceEqual(args) && !p.ReturnsSet);
        if (found == null)
            Throw.Error(SqlState.UndefinedFunction, $"function {sig} does not exist");
        return (found.ReturnType, found.Strict);
    }

    static TypeName DefTypeName(DefElem d) => d.Arg switch
    {
        TypeName t => t,
        A_Const { Kind: ConstKind.String } c => new TypeName { Names = [c.Text!], Location = c.Location },
        _ => Throw.Error<TypeName>(SqlState.SyntaxError, $"{d.Defname} requires a type name"),
    };

    static string DefString(DefElem d) => d.Arg switch
    {
        A_Const c => (c.Text ?? "").ToLowerInvariant(),
        TypeName t => string.Join('.', t.Names).ToLowerInvariant(),
        _ => "",
    };

    // ---- DROP AGGREGATE ----------------------------------------------------------------------------------------

    public static string Drop(DropStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var cat = ctx.Catalog;
        foreach (var o in s.Objects)
        {
            var a = (ObjectWithArgs)o;
            string name = a.Objname[^1];
            string? schema = a.Objname.Count > 1 ? a.Objname[^2] : null;
            if (DropMessages.SchemaMissing(ctx, schema, s.MissingOk))
                continue;
            var types = FunctionCommands.ResolveDropArgTypes(a.Objargs, s.MissingOk, ctx);
            if (types == null)
                continue;
            string shown = $"{name}({(types.Length == 0 ? "*" : string.Join(", ", types.Select(TypeNames.Display)))})";
            bool builtinSchema = schema is null or "pg_catalog";
            if (builtinSchema && FunctionCatalog.IsBuiltinAggregate(name, types))
                Throw.Error(SqlState.DependentObjectsStillExist,
                    $"cannot drop function {name}({string.Join(",", types.Select(TypeNames.Display))}) because it is required by the database system");
            uint ns = schema == null ? 0 : cat.LookupNamespace(schema);
            bool isFunction = builtinSchema && FunctionCommands.IsBuiltin(name, types)
                || cat.FindFunctions(name).Any(p => (schema == null ? cat.SearchPathPosition(p.Namespace) >= 0 : p.Namespace == ns)
                    && p.ArgTypes.AsSpan().SequenceEqual(types));
            if (isFunction)
                Throw.Error(SqlState.WrongObjectType,
                    $"function {name}({string.Join(", ", types.Select(TypeNames.Display))}) is not an aggregate");
            // No aggregate defined in SQL can exist yet (CREATE AGGREGATE stops before creating one).
            if (!s.MissingOk)
                Throw.Error(SqlState.UndefinedFunction, $"aggregate {shown} does not exist");
            string written = a.Objargs.Count == 0 ? "*"
                : string.Join(",", a.Objargs.Select(t => string.Join('.', t.Names)));
            ctx.Notice(SqlState.SuccessfulCompletion, $"aggregate {string.Join('.', a.Objname)}({written}) does not exist, skipping");
        }
        return "DROP AGGREGATE";
    }
}
