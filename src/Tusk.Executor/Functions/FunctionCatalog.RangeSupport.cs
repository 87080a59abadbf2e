// The support functions range types name: subtype differences (float8mi, int4mi, int8mi, and the built-in ranges'
// *_subdiff returning float8), so CREATE TYPE ... AS RANGE (subtype_diff = float8mi) finds them. The range
// operators and accessors themselves are polymorphic and bound by the Analyzer (Analyzer.Extended.cs).
// Entry point: RegisterRangeSupport, called from the FunctionCatalog constructor.
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    static void RegisterRangeSupport()
    {
        const uint I4 = TypeOid.Int4, I8 = TypeOid.Int8, F8 = TypeOid.Float8;
        Fn("float8mi", [F8, F8], F8, Arith("-", F8));
        Fn("int4mi", [I4, I4], I4, Arith("-", I4));
        Fn("int8mi", [I8, I8], I8, Arith("-", I8));
        Fn("int4range_subdiff", [I4, I4], F8, static (a, _) => Datum.FromFloat8((double)a[0].Int - a[1].Int));
        Fn("int8range_subdiff", [I8, I8], F8, static (a, _) => Datum.FromFloat8((double)a[0].Int - a[1].Int));
        Fn("daterange_subdiff", [TypeOid.Date, TypeOid.Date], F8,
            static (a, _) => Datum.FromFloat8((double)a[0].Int - a[1].Int));
    }
}
