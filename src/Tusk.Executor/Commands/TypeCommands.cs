// CREATE TYPE ... AS ENUM / AS RANGE, ALTER TYPE ... ADD VALUE / RENAME VALUE, DROP TYPE (typecmds.c DefineEnum,
// DefineRange, AlterEnum, RemoveObjects for types). Enums: labels of at most 63 bytes, no duplicates, sort orders 1..n;
// a new label goes after the last one or half way between its neighbours. Ranges: the subtype must exist, the
// collation (for collatable subtypes) is default, "C" or "POSIX", subtype_diff must be a function (subtype, subtype)
// returning float8; the range gets its array type, a multirange type (catalog rows only) and the constructor
// functions name(lower, upper [, bounds]). DROP TYPE refuses types something depends on (columns and functions using
// the type or its array type, ranges over it: 2BP01) unless CASCADE, which drops the dependent ranges and functions;
// columns are not dropped by cascade yet (0A000). Entry points: DefineEnum, AlterEnum, DefineRange, Drop.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static class TypeCommands
{
    /// <summary>Where CREATE puts a type named by <paramref name="names"/>, and its unqualified name.</summary>
    static (uint Ns, string Name) CreationName(ISessionContext ctx, List<string> names, int location)
    {
        var cat = ctx.Catalog;
        uint ns = names.Count > 1 ? cat.GetNamespace(names[^2], location + 1) : cat.CreationNamespace(location + 1);
        string name = names[^1];
        if (cat.TypeNameInNamespace(ns, name) != 0)
            Throw.Error(SqlState.DuplicateObject, $"type \"{name}\" already exists");
        return (ns, name);
    }

    public static string DefineEnum(CreateEnumStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var (ns, name) = CreationName(ctx, s.TypeName, s.Location);
        foreach (string label in s.Vals)
            CheckLabel(label);
        var cat = ctx.Catalog;
        uint oid = TypeCatalog.Create(cat, ns, name, ctx.UserOid, 4, true, 'e', 'E', 'i', 'p');
        for (int i = 0; i < s.Vals.Count; i++)
        {
            // PostgreSQL finds a repeated label through pg_enum's unique index.
            if (s.Vals.IndexOf(s.Vals[i]) != i)
                Throw.Error(SqlState.UniqueViolation, "duplicate key value violates unique constraint \"pg_enum_typid_label_index\"",
                    detail: $"Key (enumtypid, enumlabel)=({oid}, {s.Vals[i]}) already exists.");
            TypeCatalog.AddEnumLabel(cat, oid, i + 1, s.Vals[i]);
        }
        return "CREATE TYPE";
    }

    static void CheckLabel(string label)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(label) > 63)
            Throw.Error("42602", $"invalid enum label \"{label}\"", detail: "Labels must be 63 bytes or less.");
    }

    /// <summary>The user-defined type a name refers to (42704 when there is none).</summary>
    static UserType ResolveUserType(ISessionContext ctx, List<string> names, int location)
    {
        uint oid = TypeNames.Resolve(new TypeName { Names = names, Location = location });
        return UserTypes.Find(oid) ?? Throw.Error<UserType>(SqlState.WrongObjectType,
            $"{string.Join('.', names)} is not an enum", position: location + 1);
    }

    public static string AlterEnum(AlterEnumStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var t = ResolveUserType(ctx, s.TypeName, s.Location);
        if (t.TypType != 'e')
            Throw.Error(SqlState.WrongObjectType, $"{t.Name} is not an enum");
        var cat = ctx.Catalog;
        if (s.OldVal != null)
        {
            var old = t.LabelByName(s.OldVal) ?? Throw.Error<EnumLabel>(SqlState.InvalidParameterValue,
                $"\"{s.OldVal}\" is not an existing enum label");
            if (t.LabelByName(s.NewVal) != null)
                Throw.Error(SqlState.DuplicateObject, $"enum label \"{s.NewVal}\" already exists");
            CheckLabel(s.NewVal);
            HeapCatalog.DeleteWhere(cat, SystemCatalogs.PgEnum, r => V.AsOid(r[0]) == old.Oid);
            CatalogIO.Insert(SystemCatalogs.PgEnum, cat.DatabaseOid, cat,
                [V.Oid(old.Oid), V.Oid(t.Oid), V.Float4(old.SortOrder), V.Name(s.NewVal)]);
            return "ALTER TYPE";
        }
        if (t.LabelByName(s.NewVal) != null)
        {
            if (!s.SkipIfNewValExists)
                Throw.Error(SqlState.DuplicateObject, $"enum label \"{s.NewVal}\" already exists");
            ctx.Notice(SqlState.DuplicateObject, $"enum label \"{s.NewVal}\" already exists, skipping");
            return "ALTER TYPE";
        }
        CheckLabel(s.NewVal);
        var labels = t.Labels;
        float order;
        if (s.NewValNeighbor == null)
            order = labels.Length == 0 ? 1 : labels[^1].SortOrder + 1;
        else
        {
            int at = Array.FindIndex(labels, l => l.Label == s.NewValNeighbor);
            if (at < 0)
                Throw.Error(SqlState.InvalidParameterValue, $"\"{s.NewValNeighbor}\" is not an existing enum label");
            int other = s.NewValIsAfter ? at + 1 : at - 1;
            float here = labels[at].SortOrder;
            order = other < 0 ? here - 1 : other >= labels.Length ? here + 1 : (here + labels[other].SortOrder) / 2;
        }
        TypeCatalog.AddEnumLabel(cat, t.Oid, order, s.NewVal);
        return "ALTER TYPE";
    }

    // ---- ranges ------------------------------------------------------------------------------------------------

    /// <summary>pg_collation OIDs of the collations Tusk knows ("default", "C", "POSIX"), or 0.</summary>
    public static uint CollationOid(string name) => name switch
    {
        "default" => 100,
        "C" => 950,
        "POSIX" => 951,
        _ => 0,
    };

    public static string DefineRange(CreateRangeStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var (ns, name) = CreationName(ctx, s.TypeName, s.Location);
        TypeName? subtypeName = null, diffName = null, collationName = null;
        foreach (var p in s.Params)
        {
            var tn = p.Arg as TypeName;
            switch (p.Defname)
            {
                case "subtype":
                    subtypeName = tn;
                    break;
                case "subtype_diff":
                    diffName = tn;
                    break;
                case "collation":
                    collationName = tn;
                    break;
                case "subtype_opclass" or "canonical" or "multirange_type_name":
                    Throw.Error(SqlState.FeatureNotSupported, $"range option \"{p.Defname}\" is not supported yet");
                    break;
                default:
                    Throw.Error(SqlState.SyntaxError, $"type attribute \"{p.Defname}\" not recognized");
                    break;
            }
        }
        if (subtypeName == null)
            Throw.Error(SqlState.InvalidObjectDefinition, "type attribute \"subtype\" is required");
        uint subtype = TypeNames.Resolve(subtypeName);
        if (subtype == TypeOid.Void || subtype == TypeOid.Unknown || subtype is TypeOid.AnyEnum or TypeOid.AnyRange)
            Throw.Error(SqlState.DatatypeMismatch, $"range subtype cannot be {TypeNames.Display(subtype)}");
        bool collatable = TypeNames.IsString(subtype) && subtype != TypeOid.Char && subtype != TypeOid.Name;
        uint collation = 0;
        if (collationName != null)
        {
            if (!collatable)
                Throw.Error(SqlState.DatatypeMismatch, "range collation specified but subtype does not support collation");
            string cn = collationName.Names[^1];
            collation = CollationOid(cn);
            if (collation == 0)
                Throw.Error(SqlState.UndefinedObject, $"collation \"{string.Join('.', collationName.Names)}\" does not exist");
        }
        else if (collatable)
            collation = 100;
        uint diff = 0;
        if (diffName != null)
            diff = SubtypeDiff(ctx, diffName, subtype);

        var cat = ctx.Catalog;
        TypeStorage.TryGet(subtype, out var st);
        char align = st.Align == 8 ? 'd' : 'i';
        uint oid = TypeCatalog.Create(cat, ns, name, ctx.UserOid, -1, false, 'r', 'R', align, 'x');
        string multiName = name.Contains("range", StringComparison.Ordinal)
            ? ReplaceFirst(name, "range", "multirange") : name + "_multirange";
        if (cat.TypeNameInNamespace(ns, multiName) != 0)
            Throw.Error(SqlState.DuplicateObject, $"type \"{multiName}\" already exists",
                detail: "Failed while creating a multirange type for type \"" + name + "\".",
                hint: "You can manually specify a multirange type name using the \"multirange_type_name\" attribute.");
        uint multi = TypeCatalog.Create(cat, ns, multiName, ctx.UserOid, -1, false, 'm', 'R', align, 'x');
        TypeCatalog.AddRange(cat, oid, subtype, multi, collation, BuiltinTypes.DefaultBtreeOpclass(subtype), 0, diff);
        ProcCatalog.Create(cat, new ProcCatalog.Definition(name, ns, ctx.UserOid, CatalogSession.LanguageInternal,
            [subtype, subtype], [], oid, Strict: false, Volatility: 'i', Parallel: 's', Source: "range_constructor2"));
        ProcCatalog.Create(cat, new ProcCatalog.Definition(name, ns, ctx.UserOid, CatalogSession.LanguageInternal,
            [subtype, subtype, TypeOid.Text], [], oid, Strict: false, Volatility: 'i', Parallel: 's',
            Source: "range_constructor3"));
        return "CREATE TYPE";
    }

    static string ReplaceFirst(string s, string what, string with)
    {
        int i = s.IndexOf(what, StringComparison.Ordinal);
        return s[..i] + with + s[(i + what.Length)..];
    }

    /// <summary>The subtype_diff function: f(subtype, subtype) returning float8, immutable.</summary>
    static uint SubtypeDiff(ISessionContext ctx, TypeName fn, uint subtype)
    {
        string name = fn.Names[^1];
        string sig = $"{string.Join('.', fn.Names)}({TypeNames.Display(subtype)}, {TypeNames.Display(subtype)})";
        uint oid = ProcCatalog.FindOid(ctx.Catalog, name, [subtype, subtype], out uint ret);
        if (oid == 0)
            Throw.Error(SqlState.UndefinedFunction, $"function {sig} does not exist");
        if (ret != TypeOid.Float8)
            Throw.Error(SqlState.InvalidObjectDefinition,
                $"range subtype diff function {name} must return type {TypeNames.Display(TypeOid.Float8)}");
        return oid;
    }

    // ---- DROP TYPE ---------------------------------------------------------------------------------------------

    public static string Drop(DropStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var cat = ctx.Catalog;
        var drops = new List<UserType>();
        foreach (var o in s.Objects)
        {
            var names = ((NameList)o).Names;
            string display = string.Join('.', names);
            uint oid = 0;
            if (names.Count <= 3)
            {
                string? schema = names.Count > 1 ? names[^2] : null;
                if (DropMessages.SchemaMissing(ctx, schema, s.MissingOk))
                    continue;
                oid = BuiltinOid(names) ?? cat.LookupType(schema, names[^1]);
            }
            if (oid == 0)
            {
                if (!s.MissingOk)
                    Throw.Error(SqlState.UndefinedObject, $"type \"{display}\" does not exist");
                ctx.Notice(SqlState.SuccessfulCompletion, $"type \"{display}\" does not exist, skipping");
                continue;
            }
            var t = UserTypes.Find(oid);
            if (t == null)
                Throw.Error(SqlState.DependentObjectsStillExist,
                    $"cannot drop type {TypeNames.Display(oid)} because it is required by the database system");
            CheckDroppable(ctx, t);
            drops.Add(t);
        }
        var dependents = new List<Dependent>();
        foreach (var t in drops)
            CollectDependents(ctx, t, dependents, drops);
        dependents.Sort((a, b) => a.Oid.CompareTo(b.Oid));
        if (dependents.Count > 0)
        {
            if (s.Behavior != DropBehavior.Cascade)
                Throw.Error(SqlState.DependentObjectsStillExist,
                    DropMessages.CannotDrop(drops.Count, $"type {drops[0].Name}"),
                    detail: DropMessages.Detail(dependents.Select(d => (d.What, d.On))),
                    hint: DropMessages.Hint);
            DropMessages.Cascade(ctx, dependents.Select(d => d.What).ToList());
            foreach (var d in dependents)
                d.Drop();
        }
        foreach (var t in drops)
            DropTypeAndParts(ctx, t);
        return "DROP TYPE";
    }

    static uint? BuiltinOid(List<string> names)
    {
        try
        {
            uint oid = TypeNames.Resolve(new TypeName { Names = names });
            return oid < UserTypes.FirstUserOid ? oid : null;
        }
        catch (PgException)
        {
            return null;
        }
    }

    /// <summary>Row types and array types go with their table or element type (2BP01 with PostgreSQL's hint).</summary>
    static void CheckDroppable(ISessionContext ctx, UserType t)
    {
        if (t.TypType == 'c')
        {
            string? table = ctx.Catalog.Scan(SystemCatalogs.PgClass, r => V.AsOid(r[SystemCatalogs.PgClass.Column("reltype")]) == t.Oid)
                .Select(r => V.AsString(r.Values[1])).FirstOrDefault();
            if (table != null)
                Throw.Error(SqlState.DependentObjectsStillExist, $"cannot drop type {t.Name} because table {table} requires it",
                    hint: $"You can drop table {table} instead.");
        }
        if (t.Element != 0 && UserTypes.Find(t.Element) is { } elem && t.TypType == 'b')
            Throw.Error(SqlState.DependentObjectsStillExist, $"cannot drop type {t.Name} because type {elem.Name} requires it",
                hint: $"You can drop type {elem.Name} instead.");
        if (t.TypType == 'm')
        {
            var range = ctx.Catalog.Scan(SystemCatalogs.PgRange, r => V.AsOid(r[2]) == t.Oid).FirstOrDefault();
            if (range.Values != null && UserTypes.Find(V.AsOid(range.Values[0])) is { } r)
                Throw.Error(SqlState.DependentObjectsStillExist, $"cannot drop type {t.Name} because type {r.Name} requires it",
                    hint: $"You can drop type {r.Name} instead.");
        }
    }

    /// <summary>An object that depends on a dropped type (<see cref="On"/>: the type or its array type).</summary>
    sealed record Dependent(uint Oid, string What, string On, Action Drop);

    /// <summary>What depends on a type: columns and functions (of it or its array type), ranges over it.</summary>
    static void CollectDependents(ISessionContext ctx, UserType t, List<Dependent> list, List<UserType> dropping)
    {
        var cat = ctx.Catalog;
        string TypeOf(uint type) => type == t.Oid ? $"type {t.Name}" : $"type {t.Name}[]";
        var a = SystemCatalogs.PgAttribute;
        int typCol = a.Column("atttypid"), numCol = a.Column("attnum"), dropped = a.Column("attisdropped");
        foreach (var r in cat.Scan(a, r => V.AsOid(r[typCol]) is var ty && (ty == t.Oid || (ty == t.Array && ty != 0))
                     && V.AsInt(r[numCol]) > 0 && !V.AsBool(r[dropped])))
        {
            var rel = cat.GetRelation(V.AsOid(r.Values[0]));
            if (rel == null || rel.Kind == RelKind.Composite)
                continue;
            string what = $"column {V.AsString(r.Values[1])} of table {rel.Name}";
            list.Add(new(rel.Oid, what, TypeOf(V.AsOid(r.Values[typCol])), () => Throw.Error(SqlState.FeatureNotSupported,
                $"DROP TYPE ... CASCADE cannot drop {what} yet")));
        }
        foreach (var r in cat.Scan(SystemCatalogs.PgRange, r => V.AsOid(r[1]) == t.Oid))
        {
            if (UserTypes.Find(V.AsOid(r.Values[0])) is { } range && !dropping.Contains(range))
            {
                list.Add(new(range.Oid, $"type {range.Name}", TypeOf(t.Oid), () => DropTypeAndParts(ctx, range)));
                dropping.Add(range);
            }
        }
        uint[] types = t.Array == 0 ? [t.Oid] : [t.Oid, t.Array];
        foreach (uint type in types)
        {
            foreach (var f in ProcCatalog.UsingType(cat, type).Where(f => f.Language != CatalogSession.LanguageInternal))
            {
                if (!list.Exists(d => d.Oid == f.Oid))
                    list.Add(new(f.Oid, $"function {FunctionCommands.Signature(f)}", TypeOf(type), () => ProcCatalog.Drop(cat, f.Oid)));
            }
        }
    }

    /// <summary>The type with its array type, enum labels, range row, multirange type and constructors.</summary>
    static void DropTypeAndParts(ISessionContext ctx, UserType t)
    {
        var cat = ctx.Catalog;
        if (t.TypType == 'r')
        {
            foreach (var r in cat.Scan(SystemCatalogs.PgRange, r => V.AsOid(r[0]) == t.Oid))
                TypeCatalog.Drop(cat, V.AsOid(r.Values[2]));
            foreach (var f in ProcCatalog.UsingType(cat, t.Oid).Where(f => f.Language == CatalogSession.LanguageInternal))
                ProcCatalog.Drop(cat, f.Oid);
        }
        TypeCatalog.Drop(cat, t.Oid);
    }
}
