// Transaction ids (transam.h): 32-bit, compared on a circle so that they can wrap around. 0 is invalid, 1 is the
// bootstrap transaction (always committed), 2 means frozen (older than every snapshot); normal ids start at 3.
namespace Tusk.Storage.Transam;

public static class TransactionId
{
    public const uint Invalid = 0;
    public const uint Bootstrap = 1;
    public const uint Frozen = 2;
    public const uint FirstNormal = 3;

    public static bool IsValid(uint xid) => xid != Invalid;

    public static bool IsNormal(uint xid) => xid >= FirstNormal;

    /// <summary>a &lt; b: for normal ids, on the circle (a is within 2^31 before b); special ids precede all.</summary>
    public static bool Precedes(uint a, uint b)
    {
        if (!IsNormal(a) || !IsNormal(b))
        {
            return a < b;
        }
        return (int)(a - b) < 0;
    }

    public static bool PrecedesOrEquals(uint a, uint b) => a == b || Precedes(a, b);

    public static bool Follows(uint a, uint b) => Precedes(b, a);

    public static bool FollowsOrEquals(uint a, uint b) => a == b || Precedes(b, a);

    /// <summary>The next id, skipping the special ones when wrapping.</summary>
    public static uint Advance(uint xid)
    {
        xid++;
        return xid < FirstNormal ? FirstNormal : xid;
    }
}
