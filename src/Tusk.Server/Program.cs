// tusk: the one executable. Dispatches to the postmaster, a child process role, initdb or ctl.
namespace Tusk.Server;

static class Program
{
    static int Main(string[] args)
    {
        Console.Error.WriteLine("tusk: not yet wired");
        return args.Length == 0 ? 1 : 1;
    }
}
