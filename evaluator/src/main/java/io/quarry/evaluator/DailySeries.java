package io.quarry.evaluator;

/**
 * Summary of a daily series (IC per day, say), over its finite entries: a NaN day was skipped.
 *
 * @param count days with a finite value
 * @param mean  their mean; NaN when there are none
 * @param std   their standard deviation (ddof 1, two-pass); NaN with fewer than two
 */
record DailySeries(int count, double mean, double std) {

    static DailySeries of(double[] daily) {
        int n = 0;
        double sum = 0;
        for (double v : daily) {
            if (Double.isFinite(v)) {
                n++;
                sum += v;
            }
        }
        if (n == 0) {
            return new DailySeries(0, Double.NaN, Double.NaN);
        }
        double mean = sum / n;
        if (n < 2) {
            return new DailySeries(n, mean, Double.NaN);
        }
        double ss = 0;
        for (double v : daily) {
            if (Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new DailySeries(n, mean, Math.sqrt(ss / (n - 1)));
    }

    /** mean / std: the information ratio of the series (NaN when std is 0 or undefined). */
    double ratio() {
        return std > 0 ? mean / std : Double.NaN;
    }
}
