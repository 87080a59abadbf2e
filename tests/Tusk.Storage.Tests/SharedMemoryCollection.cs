// Tests that create a segment attach the process-wide subsystem pointers (ProcGlobal, XLog) to it, so they must
// not run at the same time as each other: all of them belong to this collection, which runs serially.
using Xunit;

namespace Tusk.Storage.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedMemoryCollection
{
    public const string Name = "SharedMemory";
}
