// Custom settings (guc.c placeholders): a name with a dot ("myapp.user_id") that no setting of the table has
// becomes a string setting of this process the first time SET, RESET or set_config names it, as PostgreSQL does
// for settings of extensions it has not loaded. Its default is the empty string, so after a rolled-back SET it
// shows ''. Placeholders are per session and never listed by SHOW ALL or pg_settings.
namespace Tusk.Common.Guc;

public sealed partial class Settings
{
    const string CustomCategory = "Customized Options";

    /// <summary>A setting of the table or a placeholder of this session, or null.</summary>
    public GucDefinition? Find(string name) => _slots.TryGetValue(name, out var slot) ? slot.Def : null;

    /// <summary>
    /// The setting named <paramref name="name"/>; with <paramref name="create"/>, a valid custom name that is not
    /// known yet becomes a placeholder. Otherwise 42704 "unrecognized configuration parameter".
    /// </summary>
    public GucDefinition Resolve(string name, bool create)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_slots.TryGetValue(name, out var slot))
            return slot.Def;
        if (!create || !IsCustomName(name))
            return Definition(name);
        var def = new GucDefinition
        {
            Name = name, Type = GucType.String, Context = GucContext.User, Category = CustomCategory,
            Description = "", BootValue = "", Flags = GucFlags.Placeholder | GucFlags.NotInSample,
        };
        _slots[name] = new Slot(def);
        return def;
    }

    /// <summary>PostgreSQL's valid_custom_variable_name: two or more identifiers joined by dots.</summary>
    static bool IsCustomName(string name)
    {
        var parts = name.Split('.');
        if (parts.Length < 2)
            return false;
        foreach (var part in parts)
        {
            if (part.Length == 0 || char.IsAsciiDigit(part[0]) || part[0] == '$')
                return false;
            foreach (char c in part)
                if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$' || c > 127))
                    return false;
        }
        return true;
    }
}
