// A reader outside any transaction of the tests: it has no xid and sees what its snapshot says is committed.
using Tusk.Access.Heap;

namespace Tusk.Access.Tests;

sealed class Nobody : ICurrentTransaction
{
    public static readonly Nobody Instance = new();

    public bool IsCurrent(uint xid) => false;

    public uint CommandId => 0;
}
