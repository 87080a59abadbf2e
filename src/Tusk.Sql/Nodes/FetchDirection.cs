// The direction of FETCH / MOVE (parsenodes.h FetchDirection).
namespace Tusk.Sql.Nodes;

/// <summary>FETCH's direction; NEXT, PRIOR, FIRST, LAST and ALL are expressed with these and a count.</summary>
public enum FetchDirection
{
    Forward,
    Backward,
    Absolute,
    Relative,
}
