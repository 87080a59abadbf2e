// The option list of CREATE SEQUENCE, ALTER SEQUENCE and identity columns (sequence.c init_params): each option at
// most once (42601 "conflicting or redundant options"), then the parameters in PostgreSQL's order with its
// defaults and checks (22023): AS type (smallint, integer, bigint; changing it moves bounds that were the old
// type's limits), INCREMENT (not zero), CYCLE, MAXVALUE / MINVALUE (NO ...: the type's limit in the direction of
// the increment, else -1 / 1) within the type, MINVALUE below MAXVALUE, START within them (default: the bound the
// sequence starts from), RESTART (default: START) within them, CACHE above zero. Every option but OWNED BY changes
// how values are generated, so ALTER SEQUENCE rewrites the sequence then.
// Entry points: SequenceOptions.Parse, Apply.
using Tusk.Access.Sequence;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

internal sealed class SequenceOptions
{
    static readonly string[] Known =
        ["as", "start", "restart", "increment", "maxvalue", "minvalue", "cache", "cycle", "owned_by", "sequence_name"];

    readonly Dictionary<string, DefElem> _given = new(StringComparer.Ordinal);

    DefElem? AsType => Given("as");
    DefElem? Start => Given("start");
    DefElem? Restart => Given("restart");
    DefElem? Increment => Given("increment");
    DefElem? Max => Given("maxvalue");
    DefElem? Min => Given("minvalue");
    DefElem? Cache => Given("cache");
    DefElem? Cycle => Given("cycle");

    DefElem? Given(string name) => _given.GetValueOrDefault(name);

    /// <summary>OWNED BY's names (["none"] for OWNED BY NONE), or null.</summary>
    public List<string>? OwnedBy => (Given("owned_by")?.Arg as NameList)?.Names;

    /// <summary>SEQUENCE NAME of an identity column, or null.</summary>
    public List<string>? SequenceName => (Given("sequence_name")?.Arg as NameList)?.Names;

    /// <summary>An option other than OWNED BY was given: the values generated may change.</summary>
    public bool NeedRewrite => _given.Keys.Any(k => k is not ("owned_by" or "sequence_name"));

    /// <summary>Sorts the options out; SEQUENCE NAME is an identity column's option only.</summary>
    public static SequenceOptions Parse(IEnumerable<DefElem> options, bool forIdentity)
    {
        var o = new SequenceOptions();
        foreach (var d in options)
        {
            if (!Known.Contains(d.Defname))
                Throw.Error(SqlState.InternalError, $"option \"{d.Defname}\" not recognized");
            if (d.Defname == "sequence_name" && !forIdentity)
                Throw.Error(SqlState.SyntaxError, "invalid sequence option SEQUENCE NAME", position: d.Location + 1);
            if (!o._given.TryAdd(d.Defname, d))
                Throw.Error(SqlState.SyntaxError, "conflicting or redundant options", position: d.Location + 1);
        }
        return o;
    }

    /// <summary>
    /// init_params: the parameters and row after the options, starting from the sequence's current ones (ALTER) or
    /// from nothing (<paramref name="isInit"/>: CREATE, where unspecified options take their defaults).
    /// </summary>
    public (SequenceForm Form, SequenceData Data) Apply(bool isInit, bool forIdentity, SequenceForm form,
        SequenceData data)
    {
        long logCnt = isInit ? 0 : data.LogCnt;
        bool resetMax = false, resetMin = false;
        if (AsType != null)
        {
            uint type = TypeNames.Resolve((TypeName)AsType.Arg!);
            if (type is not (TypeOid.Int2 or TypeOid.Int4 or TypeOid.Int8))
                Throw.Error(SqlState.InvalidParameterValue, forIdentity
                    ? "identity column type must be smallint, integer, or bigint"
                    : "sequence type must be smallint, integer, or bigint");
            if (!isInit)
            {
                // Bounds that were the old type's limits follow the new type; explicit ones stay.
                resetMax = form.Max == TypeMax(form.TypeId);
                resetMin = form.Min == TypeMin(form.TypeId);
            }
            form = form with { TypeId = type };
        }
        else if (isInit)
        {
            form = form with { TypeId = TypeOid.Int8 };
        }

        if (Increment != null)
        {
            form = form with { Increment = Int64(Increment) };
            if (form.Increment == 0)
                Throw.Error(SqlState.InvalidParameterValue, "INCREMENT must not be zero");
            logCnt = 0;
        }
        else if (isInit)
        {
            form = form with { Increment = 1 };
        }

        if (Cycle != null)
        {
            form = form with { Cycle = ((A_Const)Cycle.Arg!).Text == "true" };
            logCnt = 0;
        }
        else if (isInit)
        {
            form = form with { Cycle = false };
        }

        if (Max?.Arg != null)
        {
            form = form with { Max = Int64(Max) };
            logCnt = 0;
        }
        else if (isInit || Max != null || resetMax)
        {
            form = form with { Max = form.Increment > 0 || resetMax ? TypeMax(form.TypeId) : -1 };
            logCnt = 0;
        }
        if (form.Max < TypeMin(form.TypeId) || form.Max > TypeMax(form.TypeId))
            Throw.Error(SqlState.InvalidParameterValue,
                $"MAXVALUE ({form.Max}) is out of range for sequence data type {TypeNames.Display(form.TypeId)}");

        if (Min?.Arg != null)
        {
            form = form with { Min = Int64(Min) };
            logCnt = 0;
        }
        else if (isInit || Min != null || resetMin)
        {
            form = form with { Min = form.Increment < 0 || resetMin ? TypeMin(form.TypeId) : 1 };
            logCnt = 0;
        }
        if (form.Min < TypeMin(form.TypeId) || form.Min > TypeMax(form.TypeId))
            Throw.Error(SqlState.InvalidParameterValue,
                $"MINVALUE ({form.Min}) is out of range for sequence data type {TypeNames.Display(form.TypeId)}");

        if (form.Min >= form.Max)
            Throw.Error(SqlState.InvalidParameterValue,
                $"MINVALUE ({form.Min}) must be less than MAXVALUE ({form.Max})");

        if (Start != null)
            form = form with { Start = Int64(Start) };
        else if (isInit)
            form = form with { Start = form.Increment > 0 ? form.Min : form.Max };
        CheckWithinBounds("START", form.Start, form);

        if (Restart != null)
        {
            data = new SequenceData(Restart.Arg != null ? Int64(Restart) : form.Start, 0, false);
            logCnt = 0;
        }
        else if (isInit)
        {
            data = new SequenceData(form.Start, 0, false);
        }
        CheckWithinBounds("RESTART", data.LastValue, form); // also the current value when the bounds change

        if (Cache != null)
        {
            form = form with { Cache = Int64(Cache) };
            if (form.Cache <= 0)
                Throw.Error(SqlState.InvalidParameterValue, $"CACHE ({form.Cache}) must be greater than zero");
            logCnt = 0;
        }
        else if (isInit)
        {
            form = form with { Cache = 1 };
        }
        return (form, data with { LogCnt = logCnt });
    }

    static void CheckWithinBounds(string what, long value, SequenceForm form)
    {
        if (value < form.Min)
            Throw.Error(SqlState.InvalidParameterValue,
                $"{what} value ({value}) cannot be less than MINVALUE ({form.Min})");
        if (value > form.Max)
            Throw.Error(SqlState.InvalidParameterValue,
                $"{what} value ({value}) cannot be greater than MAXVALUE ({form.Max})");
    }

    /// <summary>defGetInt64: an integer option value (a numeric literal that must be a bigint).</summary>
    static long Int64(DefElem d) => d.Arg is A_Const { Kind: ConstKind.Integer or ConstKind.Float } c
        ? NumberIO.ParseInteger(c.Text!, long.MinValue, long.MaxValue, "bigint")
        : Throw.Error<long>(SqlState.SyntaxError, $"{d.Defname} requires a numeric value");

    public static long TypeMax(uint type) => type switch
    {
        TypeOid.Int2 => short.MaxValue,
        TypeOid.Int4 => int.MaxValue,
        _ => long.MaxValue,
    };

    public static long TypeMin(uint type) => type switch
    {
        TypeOid.Int2 => short.MinValue,
        TypeOid.Int4 => int.MinValue,
        _ => long.MinValue,
    };
}
