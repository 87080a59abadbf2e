// Unicode normalisation form KC over code point lists, for SASLprep. Tusk runs with invariant globalization,
// where string.Normalize leaves non-ASCII text unchanged, so NFKC is done here from SaslPrepTables:
// full compatibility decomposition, canonical ordering, canonical composition (Hangul handled algorithmically).
// Entry point: Normalize. Tables are decoded once, lazily.
namespace Tusk.Backend.Libpq.Auth;

/// <summary>NFKC normalisation (UAX #15) independent of the ICU/globalization mode.</summary>
internal static class UnicodeNfkc
{
    private const int SBase = 0xAC00;
    private const int LBase = 0x1100;
    private const int VBase = 0x1161;
    private const int TBase = 0x11A7;
    private const int LCount = 19;
    private const int VCount = 21;
    private const int TCount = 28;
    private const int NCount = VCount * TCount;
    private const int SCount = LCount * NCount;

    private static readonly Lazy<Tables> s_tables = new(Load);

    /// <summary>Returns NFKC(<paramref name="input"/>).</summary>
    public static List<int> Normalize(List<int> input)
    {
        Tables t = s_tables.Value;
        var buf = new List<int>(input.Count + 8);
        foreach (int cp in input)
        {
            Decompose(t, cp, buf);
        }

        // Canonical ordering: stable insertion sort of each run of non-starters by combining class.
        for (int i = 1; i < buf.Count; i++)
        {
            int cc = Ccc(t, buf[i]);
            if (cc == 0)
            {
                continue;
            }

            int j = i;
            int cp = buf[i];
            while (j > 0 && Ccc(t, buf[j - 1]) > cc)
            {
                buf[j] = buf[j - 1];
                j--;
            }

            buf[j] = cp;
        }

        return Compose(t, buf);
    }

    private static void Decompose(Tables t, int cp, List<int> output)
    {
        if (cp is >= SBase and < SBase + SCount)
        {
            int s = cp - SBase;
            output.Add(LBase + (s / NCount));
            output.Add(VBase + (s % NCount / TCount));
            if (s % TCount != 0)
            {
                output.Add(TBase + (s % TCount));
            }

            return;
        }

        int idx = Array.BinarySearch(t.DecompKeys, cp);
        if (idx < 0)
        {
            output.Add(cp);
            return;
        }

        int start = t.DecompStart[idx];
        int end = t.DecompStart[idx + 1];
        for (int k = start; k < end; k++)
        {
            output.Add(t.DecompData[k]);
        }
    }

    private static List<int> Compose(Tables t, List<int> d)
    {
        var result = new List<int>(d.Count);
        int starterIndex = -1;
        int lastClass = 0;
        foreach (int cp in d)
        {
            int cc = Ccc(t, cp);
            if (starterIndex >= 0)
            {
                // Blocked when something between the starter and cp has class 0 or a class >= cp's.
                bool adjacent = result.Count - 1 == starterIndex;
                if (adjacent || (lastClass != 0 && lastClass < cc))
                {
                    int composed = ComposePair(t, result[starterIndex], cp);
                    if (composed >= 0)
                    {
                        result[starterIndex] = composed;
                        continue;
                    }
                }
            }

            if (cc == 0)
            {
                starterIndex = result.Count;
            }

            lastClass = cc;
            result.Add(cp);
        }

        return result;
    }

    private static int ComposePair(Tables t, int first, int second)
    {
        if (first is >= LBase and < LBase + LCount && second is >= VBase and < VBase + VCount)
        {
            return SBase + ((((first - LBase) * VCount) + (second - VBase)) * TCount);
        }

        if (first is >= SBase and < SBase + SCount && (first - SBase) % TCount == 0
            && second is > TBase and < TBase + TCount)
        {
            return first + (second - TBase);
        }

        return t.Compositions.TryGetValue(((long)first << 21) | (uint)second, out int c) ? c : -1;
    }

    private static int Ccc(Tables t, int cp)
    {
        int lo = 0;
        int hi = t.CccFirst.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cp < t.CccFirst[mid])
            {
                hi = mid - 1;
            }
            else if (cp > t.CccLast[mid])
            {
                lo = mid + 1;
            }
            else
            {
                return t.CccClass[mid];
            }
        }

        return 0;
    }

    private static int Read24(byte[] b, int at) => (b[at] << 16) | (b[at + 1] << 8) | b[at + 2];

    private static Tables Load()
    {
        byte[] d = Convert.FromBase64String(SaslPrepTables.Decompositions);
        int n = SaslPrepTables.DecompositionCount;
        var keys = new int[n];
        var starts = new int[n + 1];
        var data = new List<int>(n * 2);
        int pos = 0;
        for (int i = 0; i < n; i++)
        {
            keys[i] = Read24(d, pos);
            int len = d[pos + 3];
            pos += 4;
            starts[i] = data.Count;
            for (int k = 0; k < len; k++, pos += 3)
            {
                data.Add(Read24(d, pos));
            }
        }

        starts[n] = data.Count;

        byte[] c = Convert.FromBase64String(SaslPrepTables.CombiningClasses);
        int runs = c.Length / 7;
        var first = new int[runs];
        var last = new int[runs];
        var cls = new byte[runs];
        for (int i = 0; i < runs; i++)
        {
            first[i] = Read24(c, i * 7);
            last[i] = Read24(c, (i * 7) + 3);
            cls[i] = c[(i * 7) + 6];
        }

        byte[] p = Convert.FromBase64String(SaslPrepTables.Compositions);
        var comps = new Dictionary<long, int>(p.Length / 9);
        for (int i = 0; i + 9 <= p.Length; i += 9)
        {
            comps[((long)Read24(p, i) << 21) | (uint)Read24(p, i + 3)] = Read24(p, i + 6);
        }

        return new Tables(keys, starts, [.. data], first, last, cls, comps);
    }

    private sealed record Tables(int[] DecompKeys, int[] DecompStart, int[] DecompData, int[] CccFirst,
        int[] CccLast, byte[] CccClass, Dictionary<long, int> Compositions);
}
