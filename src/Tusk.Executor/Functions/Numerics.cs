// numeric arithmetic on System.Decimal with PostgreSQL's result scales (numeric.c): + - keep the larger
// scale, * adds scales, / uses select_div_scale (at least 16 significant digits). Limits: 28-29 digits;
// overflow raises 22003 "value overflows numeric format".
using Tusk.Common.Errors;

namespace Tusk.Executor.Functions;

/// <summary>numeric helpers.</summary>
internal static class Numerics
{
    public static int Scale(decimal d) => d.Scale;

    /// <summary>The same value displayed with exactly <paramref name="scale"/> digits after the point (max 28).</summary>
    public static decimal WithScale(decimal d, int scale)
    {
        scale = Math.Clamp(scale, 0, 28);
        if (d.Scale > scale)
            return decimal.Round(d, scale, MidpointRounding.AwayFromZero);
        if (d.Scale < scale)
        {
            try
            {
                return d + new decimal(0, 0, 0, false, (byte)scale);
            }
            catch (OverflowException)
            {
                return d;
            }
        }
        return d;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Overflow() =>
        Throw.Error(SqlState.NumericValueOutOfRange, "value overflows numeric format");

    public static decimal Add(decimal a, decimal b)
    {
        try
        {
            return a + b;
        }
        catch (OverflowException)
        {
            Overflow();
            return 0;
        }
    }

    public static decimal Sub(decimal a, decimal b)
    {
        try
        {
            return a - b;
        }
        catch (OverflowException)
        {
            Overflow();
            return 0;
        }
    }

    public static decimal Mul(decimal a, decimal b)
    {
        try
        {
            return WithScale(a * b, a.Scale + b.Scale);
        }
        catch (OverflowException)
        {
            Overflow();
            return 0;
        }
    }

    /// <summary>Weight and first digit in base 10000, as numeric.c sees them.</summary>
    static (int Weight, int First) Base10000(decimal d)
    {
        d = Math.Abs(d);
        if (d == 0)
            return (0, 0);
        int weight = 0;
        while (d >= 10000)
        {
            d /= 10000;
            weight++;
        }
        while (d < 1)
        {
            d *= 10000;
            weight--;
        }
        return (weight, (int)Math.Floor(d));
    }

    public static decimal Div(decimal a, decimal b)
    {
        if (b == 0)
            Throw.Error(SqlState.DivisionByZero, "division by zero");
        var (w1, f1) = Base10000(a);
        var (w2, f2) = Base10000(b);
        int qweight = w1 - w2;
        if (f1 <= f2)
            qweight--;
        int rscale = 16 - qweight * 4;
        rscale = Math.Max(rscale, a.Scale);
        rscale = Math.Max(rscale, b.Scale);
        rscale = Math.Clamp(rscale, 0, 1000);
        try
        {
            decimal q = a / b;
            return WithScale(decimal.Round(q, Math.Min(rscale, 28), MidpointRounding.AwayFromZero), rscale);
        }
        catch (OverflowException)
        {
            Overflow();
            return 0;
        }
    }

    public static decimal Mod(decimal a, decimal b)
    {
        if (b == 0)
            Throw.Error(SqlState.DivisionByZero, "division by zero");
        return a % b;
    }

    public static decimal Pow(decimal a, decimal b)
    {
        if (a == 0 && b < 0)
            Throw.Error(SqlState.DivisionByZero, "zero raised to a negative power is undefined");
        if (a < 0 && b != decimal.Truncate(b))
            Throw.Error(SqlState.InvalidParameterValue /* 2201F */,
                "a negative number raised to a non-integer power yields a complex result");
        try
        {
            if (b == decimal.Truncate(b) && Math.Abs(b) <= 1000)
            {
                decimal r = 1;
                decimal x = a;
                long n = (long)Math.Abs(b);
                while (n > 0)
                {
                    if ((n & 1) != 0)
                        r *= x;
                    n >>= 1;
                    if (n > 0)
                        x *= x;
                }
                if (b < 0)
                    r = 1 / r;
                return WithScale(r, Math.Max(16, (int)a.Scale));
            }
            return WithScale((decimal)Math.Pow((double)a, (double)b), 16);
        }
        catch (OverflowException)
        {
            Overflow();
            return 0;
        }
    }
}
