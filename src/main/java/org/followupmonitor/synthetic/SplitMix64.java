package org.followupmonitor.synthetic;

/**
 * SplitMix64 (Steele, Lea &amp; Flood, OOPSLA 2014), written out here rather than taken from
 * {@code java.util.SplittableRandom} so that the bundled example file stays byte-identical across
 * JDK releases: the bounded and Gaussian draws of the JDK's generators are not specified and have
 * changed between versions. StrictMath keeps the floating-point transforms platform-independent.
 */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), without modulo bias (rejection of the incomplete last block). */
    long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound);
        long r;
        do {
            r = nextLong() >>> 1;
        } while (r >= limit);
        return r % bound;
    }

    /** Uniform integer in [lo, hi]. */
    int between(int lo, int hi) {
        return lo + (int) nextLong((long) hi - lo + 1);
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Standard normal by Box-Muller; one of the pair is discarded to keep the stream simple. */
    double gaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** Index drawn with probability proportional to the weights. */
    int pick(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
