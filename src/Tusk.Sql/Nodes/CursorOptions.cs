// The options of DECLARE ... CURSOR (parsenodes.h CURSOR_OPT_*), as flags.
namespace Tusk.Sql.Nodes;

/// <summary>DECLARE's cursor options.</summary>
[Flags]
public enum CursorOptions
{
    None = 0,
    Binary = 1,
    Scroll = 2,
    NoScroll = 4,
    Insensitive = 8,
    Asensitive = 16,
    Hold = 32,
}
