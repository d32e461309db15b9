package io.quarry.dsl.synth;

/**
 * The standard normal distribution function and its inverse, to double precision.
 *
 * <p>The inverse is Acklam's rational approximation (relative error below 1.2e-9) refined by one
 * Halley step against an accurate {@link #cdf}, which brings it to within a few ulps.
 */
final class NormalQuantile {

    /** log(sqrt(2 pi)). */
    private static final double LOG_SQRT_2PI = 0.91893853320467274178;
    private static final double SQRT_2PI = 2.50662827463100050242;

    private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};

    /** Below this probability Acklam uses the tail approximation. */
    private static final double P_LOW = 0.02425;

    /**
     * Terms of the continued fraction for the lower tail beyond x = -3; 60 reach full double precision
     * there (and more quickly further out).
     */
    private static final int TAIL_TERMS = 60;

    private NormalQuantile() {
    }

    /** Phi^-1(p): -infinity at 0, +infinity at 1, NaN outside [0, 1]. Exactly antisymmetric about 1/2. */
    static double inverseCdf(double p) {
        if (Double.isNaN(p) || p < 0 || p > 1) {
            return Double.NaN;
        }
        // 1 - p is exact for p >= 1/2, so reflecting loses nothing and keeps the symmetry exact.
        return p > 0.5 ? -lowerHalfInverse(1 - p) : lowerHalfInverse(p);
    }

    /** Phi(x), the standard normal distribution function. */
    static double cdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        return x > 0 ? 1 - lowerCdf(-x) : lowerCdf(x);
    }

    /** The inverse for 0 <= p <= 1/2. */
    private static double lowerHalfInverse(double p) {
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double x;
        if (p < P_LOW) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        } else {
            double q = p - 0.5;
            double r = q * q;
            x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                    / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
        }
        // Halley: u = (Phi(x) - p) / phi(x). Where phi(x) underflows (p subnormal) keep Acklam's value.
        double u = (lowerCdf(x) - p) * SQRT_2PI * Math.exp(0.5 * x * x);
        return Double.isFinite(u) ? x - u / (1 + 0.5 * x * u) : x;
    }

    /** Phi(x) for x <= 0, accurate relative to the result (no cancellation in the far tail). */
    private static double lowerCdf(double x) {
        if (x > -3) {
            // Marsaglia's series: Phi(x) = 1/2 + phi(x) (x + x^3/3 + x^5/(3*5) + ...).
            double q = x * x;
            double sum = x;
            double term = x;
            double previous;
            int i = 1;
            do {
                previous = sum;
                i += 2;
                term *= q / i;
                sum = previous + term;
            } while (sum != previous);
            return 0.5 + sum * Math.exp(-0.5 * q - LOG_SQRT_2PI);
        }
        // Mills ratio as a continued fraction: Phi(-y) = phi(y) / (y + 1/(y + 2/(y + 3/(y + ...)))).
        double y = -x;
        double f = y;
        for (int k = TAIL_TERMS; k >= 1; k--) {
            f = y + k / f;
        }
        return Math.exp(-0.5 * y * y - LOG_SQRT_2PI) / f;
    }
}
