// Per-process setting values (guc.c): the current value of every setting, where it came from, and the
// transaction-scoped undo log that makes SET roll back with its transaction and SET LOCAL end at commit.
// Not shared: each process has its own copy, loaded from tusk.conf and updated by SET and reload.
using System.Globalization;
using Tusk.Common.Errors;

namespace Tusk.Common.Guc;

/// <summary>
/// The current values of all settings in this process. Entry points: <see cref="LoadFile"/> (start-up and
/// SIGHUP), <see cref="Set"/> (SET, startup packet options), <see cref="Reset"/>, <see cref="Show"/>,
/// typed getters, and <see cref="AtTransactionEnd"/>.
/// </summary>
public sealed partial class Settings
{
    sealed class Slot(GucDefinition def)
    {
        public readonly GucDefinition Def = def;
        public string Value = def.BootValue;
        public GucSource Source = GucSource.Default;
        public string ResetValue = def.BootValue;
        public GucSource ResetSource = GucSource.Default;
        public bool LocalOverride;

        /// <summary>The configuration file line of the file's value (shown while Source is the file).</summary>
        public string? File;
        public int Line;

        /// <summary>A reload found a new value for a postmaster-context setting (pg_settings.pending_restart).</summary>
        public bool PendingRestart;
    }

    readonly record struct Undo(Slot Slot, string Value, GucSource Source, bool WasLocal);

    readonly Dictionary<string, Slot> _slots = new(StringComparer.OrdinalIgnoreCase);
    readonly List<Undo> _undo = [];
    readonly HashSet<string> _changedReported = new(StringComparer.OrdinalIgnoreCase);

    public Settings()
    {
        foreach (var d in GucTable.All)
            _slots[d.Name] = new Slot(d);
        _modes =
        [
            (_slots["transaction_isolation"], _slots["default_transaction_isolation"]),
            (_slots["transaction_read_only"], _slots["default_transaction_read_only"]),
            (_slots["transaction_deferrable"], _slots["default_transaction_deferrable"]),
        ];
    }

    /// <summary>The per-transaction settings, each with the default_ setting it starts from.</summary>
    readonly (Slot Current, Slot Default)[] _modes;

    /// <summary>Whether the name is one of the per-transaction settings (transaction_isolation, _read_only, _deferrable).</summary>
    public static bool IsTransactionMode(string name) =>
        name is "transaction_isolation" or "transaction_read_only" or "transaction_deferrable";

    /// <summary>
    /// StartTransaction: transaction_isolation, transaction_read_only and transaction_deferrable take the values of
    /// their default_ settings (source override, as PostgreSQL shows them).
    /// </summary>
    public void StartTransaction()
    {
        foreach (var (current, dflt) in _modes)
            Assign(current, dflt.Value, GucSource.Override);
    }

    /// <summary>
    /// SET TRANSACTION / SET transaction_...: a per-transaction setting takes a canonical value for the rest of the
    /// transaction. Nothing is recorded for rollback: the next transaction starts from the defaults anyway.
    /// </summary>
    public void SetTransactionMode(string name, string canonical) =>
        Assign(_slots[name], canonical, GucSource.Session);

    /// <summary>Whether this session's user is a superuser (checked for superuser-context settings).</summary>
    public bool IsSuperuser { get; set; }

    /// <summary>Raised after a value changes; the argument is the setting's name.</summary>
    public event Action<string>? Changed;

    public static GucDefinition Definition(string name) =>
        GucTable.Find(name) ?? throw new PgException(SqlState.UndefinedObject,
            $"unrecognized configuration parameter \"{name}\"");

    public string GetString(string name) => _slots[name].Value;

    public bool GetBool(string name) => _slots[name].Value == "on";

    public int GetInt(string name) => (int)long.Parse(_slots[name].Value, CultureInfo.InvariantCulture);

    public double GetReal(string name) => double.Parse(_slots[name].Value, CultureInfo.InvariantCulture);

    public GucSource SourceOf(string name) => _slots[name].Source;

    /// <summary>SHOW's text for a setting.</summary>
    public string Show(string name)
    {
        var def = Resolve(name, create: false);
        return GucValue.Display(def, _slots[def.Name].Value);
    }

    /// <summary>Names of reported settings changed since the last call (for ParameterStatus).</summary>
    public List<string> TakeChangedReported()
    {
        var list = _changedReported.ToList();
        _changedReported.Clear();
        return list;
    }

    /// <summary>Sets a value directly, bypassing context checks (postmaster and bootstrap use).</summary>
    public void SetInternal(string name, string value, GucSource source)
    {
        var slot = _slots[Definition(name).Name];
        string canonical = GucValue.Canonicalize(slot.Def, value);
        Assign(slot, canonical, source);
        slot.ResetValue = canonical;
        slot.ResetSource = source;
    }

    /// <summary>
    /// SET name = value (or a startup-packet option when <paramref name="source"/> is Client).
    /// <paramref name="inTransaction"/> records the old value so a rollback restores it.
    /// </summary>
    public void Set(string name, string value, GucSource source, bool isLocal = false, bool inTransaction = false)
    {
        var def = Resolve(name, create: true);
        var slot = _slots[def.Name];
        CheckContext(def, source);
        string canonical = GucValue.Canonicalize(def, value);
        if (inTransaction || isLocal)
            _undo.Add(new Undo(slot, slot.Value, slot.Source, slot.LocalOverride));
        Assign(slot, canonical, source);
        slot.LocalOverride = isLocal;
        if (!isLocal && source <= GucSource.Client)
        {
            slot.ResetValue = canonical;
            slot.ResetSource = source;
        }
    }

    /// <summary>RESET name: back to the value from the file, the client's startup packet or the default.</summary>
    public void Reset(string name, bool inTransaction = false)
    {
        var def = Resolve(name, create: true);
        var slot = _slots[def.Name];
        CheckContext(def, GucSource.Session);
        if (inTransaction)
            _undo.Add(new Undo(slot, slot.Value, slot.Source, slot.LocalOverride));
        Assign(slot, slot.ResetValue, slot.ResetSource);
    }

    /// <summary>RESET ALL: every user-settable setting back to its reset value.</summary>
    public void ResetAll(bool inTransaction = false)
    {
        foreach (var slot in _slots.Values)
        {
            if (slot.Def.Context < GucContext.Superuser || slot.Def.Name is "session_authorization"
                    || IsTransactionMode(slot.Def.Name))
                continue;
            if (inTransaction)
                _undo.Add(new Undo(slot, slot.Value, slot.Source, slot.LocalOverride));
            Assign(slot, slot.ResetValue, slot.ResetSource);
        }
    }

    /// <summary>A position in the undo log of the transaction's SETs (taken at SAVEPOINT).</summary>
    public int UndoMark => _undo.Count;

    /// <summary>ROLLBACK TO SAVEPOINT: undoes the SETs made since <paramref name="mark"/>, latest first.</summary>
    public void RollbackTo(int mark)
    {
        for (int i = _undo.Count - 1; i >= mark; i--)
        {
            var u = _undo[i];
            Assign(u.Slot, u.Value, u.Source);
            u.Slot.LocalOverride = u.WasLocal;
        }
        if (mark < _undo.Count)
            _undo.RemoveRange(mark, _undo.Count - mark);
    }

    /// <summary>Ends a transaction: rollback undoes its SETs; commit keeps them except SET LOCAL.</summary>
    public void AtTransactionEnd(bool commit)
    {
        for (int i = _undo.Count - 1; i >= 0; i--)
        {
            var u = _undo[i];
            // A commit keeps plain SETs; a SET LOCAL on top still gives way to the value before it.
            if (commit && !u.Slot.LocalOverride)
                continue;
            Assign(u.Slot, u.Value, u.Source);
            u.Slot.LocalOverride = u.WasLocal;
        }
        _undo.Clear();
    }

    void CheckContext(GucDefinition def, GucSource source)
    {
        if (source == GucSource.Default || source == GucSource.ConfigurationFile)
            return;
        switch (def.Context)
        {
            case GucContext.Internal:
                Throw.Error(SqlState.CantChangeRuntimeParam, $"parameter \"{def.Name}\" cannot be changed");
                break;
            case GucContext.Postmaster:
                Throw.Error(SqlState.CantChangeRuntimeParam,
                    $"parameter \"{def.Name}\" cannot be changed without restarting the server");
                break;
            case GucContext.Sighup:
                Throw.Error(SqlState.CantChangeRuntimeParam, $"parameter \"{def.Name}\" cannot be changed now");
                break;
            case GucContext.SuperuserBackend:
            case GucContext.Backend:
                if (source != GucSource.Client)
                    Throw.Error(SqlState.CantChangeRuntimeParam,
                        $"parameter \"{def.Name}\" cannot be set after connection start");
                break;
            case GucContext.Superuser:
                if (!IsSuperuser)
                    Throw.Error(SqlState.InsufficientPrivilege, $"permission denied to set parameter \"{def.Name}\"");
                break;
        }
    }

    void Assign(Slot slot, string value, GucSource source)
    {
        bool changed = slot.Value != value;
        slot.Value = value;
        slot.Source = source;
        if (changed)
        {
            if (slot.Def.Reported)
                _changedReported.Add(slot.Def.Name);
            Changed?.Invoke(slot.Def.Name);
        }
    }

    /// <summary>
    /// Applies a configuration file (start-up or reload). Settings whose context forbids a change now are
    /// reported through <paramref name="log"/>; settings removed from the file go back to their defaults.
    /// </summary>
    public void LoadFile(string path, bool isReload, Action<string> log, bool isPostmaster)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new PgException(SqlState.SystemError, $"could not open configuration file \"{path}\": {e.Message}",
                Severity.Fatal);
        }
        var errors = new List<string>();
        var items = ConfigFile.Parse(text, path, errors);
        foreach (var err in errors)
            log(err);
        if (errors.Count > 0 && isReload)
        {
            log($"configuration file \"{path}\" contains errors; no changes were applied");
            return;
        }
        if (errors.Count > 0)
            throw new PgException(SqlState.SystemError, $"configuration file \"{path}\" contains errors",
                Severity.Fatal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            var def = GucTable.Find(item.Name);
            if (def == null)
            {
                if (item.Name.Contains('.', StringComparison.Ordinal))
                    continue; // placeholder for an extension's setting
                log($"unrecognized configuration parameter \"{item.Name}\" in file \"{path}\" line {item.Line}");
                continue;
            }
            seen.Add(def.Name);
            ApplyFileValue(def, item.Value, isReload, log, isPostmaster, path, item.Line);
        }
        if (!isReload)
            return;
        foreach (var slot in _slots.Values)
            if (slot.ResetSource == GucSource.ConfigurationFile && !seen.Contains(slot.Def.Name))
                ApplyFileValue(slot.Def, slot.Def.BootValue, isReload, log, isPostmaster, null, 0, removed: true);
    }

    void ApplyFileValue(GucDefinition def, string value, bool isReload, Action<string> log, bool isPostmaster,
        string? file, int line, bool removed = false)
    {
        string canonical;
        try
        {
            canonical = GucValue.Canonicalize(def, value);
        }
        catch (PgException e)
        {
            if (!isReload)
                throw new PgException(e.SqlState, e.Message, Severity.Fatal);
            log(e.Message);
            return;
        }
        var slot = _slots[def.Name];
        if (isReload && def.Context <= GucContext.Postmaster)
        {
            if (slot.ResetValue != canonical && isPostmaster)
                log($"parameter \"{def.Name}\" cannot be changed without restarting the server");
            slot.PendingRestart |= slot.ResetValue != canonical;
            return;
        }
        if (isReload && def.Context is GucContext.Backend or GucContext.SuperuserBackend && !isPostmaster)
            return; // backends keep their start-up value, new backends see the new one
        bool changed = slot.ResetValue != canonical;
        slot.File = file;
        slot.Line = line;
        if (slot.Source <= GucSource.ConfigurationFile)
            Assign(slot, canonical, removed ? GucSource.Default : GucSource.ConfigurationFile);
        if (slot.ResetSource <= GucSource.ConfigurationFile)
        {
            slot.ResetValue = canonical;
            slot.ResetSource = removed ? GucSource.Default : GucSource.ConfigurationFile;
        }
        if (isReload && changed && isPostmaster)
            log($"parameter \"{def.Name}\" changed to \"{GucValue.Display(def, canonical)}\"");
    }

    /// <summary>Every setting with its current state, in table order (for pg_settings and SHOW ALL).</summary>
    public IEnumerable<(GucDefinition Def, string Value, GucSource Source, string ResetValue)> Enumerate()
    {
        foreach (var d in GucTable.All)
        {
            var s = _slots[d.Name];
            yield return (d, s.Value, s.Source, s.ResetValue);
        }
    }

    /// <summary>
    /// pg_settings' sourcefile and sourceline (null and 0 unless the current value came from the configuration
    /// file) and pending_restart.
    /// </summary>
    public (string? File, int Line, bool PendingRestart) FileState(string name)
    {
        var slot = _slots[Definition(name).Name];
        bool fromFile = slot.Source == GucSource.ConfigurationFile;
        return (fromFile ? slot.File : null, fromFile ? slot.Line : 0, slot.PendingRestart);
    }
}
