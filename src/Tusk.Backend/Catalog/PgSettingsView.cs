// pg_settings (guc_funcs.c show_all_settings): one row per setting of the settings table with its current value
// in this session, PostgreSQL 15's columns. setting, boot_val and reset_val are in the setting's base unit (unit
// says which); min_val/max_val only for numbers; enumvals (text[]) only for enums. sourcefile/sourceline only for a value from the configuration file and only
// to superusers (PostgreSQL: or pg_read_all_settings). extra_desc is NULL: the table has no long descriptions.
using System.Globalization;
using Tusk.Catalog;
using Tusk.Common.Guc;
using Tusk.Common.Types;
using Tusk.Executor;

namespace Tusk.Backend.Catalog;

/// <summary>The pg_settings system view over the session's settings.</summary>
public sealed class PgSettingsView(ISessionContext session) : ISystemView
{
    static readonly ResultColumn[] Cols =
    [
        new("name", TypeOid.Text), new("setting", TypeOid.Text), new("unit", TypeOid.Text),
        new("category", TypeOid.Text), new("short_desc", TypeOid.Text), new("extra_desc", TypeOid.Text),
        new("context", TypeOid.Text), new("vartype", TypeOid.Text), new("source", TypeOid.Text),
        new("min_val", TypeOid.Text), new("max_val", TypeOid.Text), new("enumvals", TypeOid.TextArray),
        new("boot_val", TypeOid.Text), new("reset_val", TypeOid.Text), new("sourcefile", TypeOid.Text),
        new("sourceline", TypeOid.Int4), new("pending_restart", TypeOid.Bool),
    ];

    public string Name => "pg_settings";

    public ResultColumn[] Columns => Cols;

    public IEnumerable<Datum[]> Scan()
    {
        var settings = session.Settings;
        foreach (var (def, value, source, resetValue) in settings.Enumerate().ToList())
        {
            var (file, line, pendingRestart) = settings.FileState(def.Name);
            bool numeric = def.Type is GucType.Integer or GucType.Real;
            bool showFile = file != null && session.IsSuperuser;
            yield return
            [
                Datum.FromText(def.Name), Datum.FromText(value), V.Text(def.Unit), Datum.FromText(def.Category),
                Datum.FromText(def.Description), V.Text(null), Datum.FromText(GucNames.Of(def.Context)),
                Datum.FromText(GucNames.Of(def.Type)), Datum.FromText(GucNames.Of(source)),
                V.Text(numeric ? Bound(def, def.Min) : null), V.Text(numeric ? Bound(def, def.Max) : null),
                def.Type == GucType.Enum
                    ? Datum.FromArray(ArrayValue.OneDim(TypeOid.Text, [.. def.EnumValues!.Select(e => Datum.FromText(e))]))
                    : Datum.Null(TypeOid.TextArray),
                Datum.FromText(def.BootValue), Datum.FromText(resetValue), V.Text(showFile ? file : null),
                showFile ? Datum.FromInt4(line) : Datum.Null(TypeOid.Int4), Datum.FromBool(pendingRestart),
            ];
        }
    }

    /// <summary>A range bound as PostgreSQL prints it: integers in full, reals with printf's %g.</summary>
    static string Bound(GucDefinition def, double v) => def.Type == GucType.Integer
        ? ((long)v).ToString(CultureInfo.InvariantCulture)
        : v.ToString("G6", CultureInfo.InvariantCulture).Replace('E', 'e');
}
