package io.quarry.evaluator;

/** Cross-sectional z-scores (two-pass mean, ddof-1 standard deviation; 0 for a constant day). */
final class ZScores {

    private ZScores() {
    }

    /**
     * Writes the z-scores of {@code v[base + s]} for the symbols with {@code include[s]} (all
     * present) to {@code out[offset ..]}, in symbol order.
     *
     * @return how many were written
     */
    static int write(double[] v, int base, int symbols, boolean[] include, double[] out, int offset) {
        int n = 0;
        double sum = 0;
        double first = Double.NaN;
        boolean constant = true;
        for (int s = 0; s < symbols; s++) {
            if (include[s]) {
                double x = v[base + s];
                if (n == 0) {
                    first = x;
                }
                constant &= x == first;
                sum += x;
                n++;
            }
        }
        double mean = sum / n;
        double ss = 0;
        for (int s = 0; s < symbols; s++) {
            if (include[s]) {
                double dx = v[base + s] - mean;
                ss += dx * dx;
            }
        }
        double sd = Math.sqrt(ss / (n - 1));
        int k = offset;
        for (int s = 0; s < symbols; s++) {
            if (include[s]) {
                out[k++] = constant || !(sd > 0) ? 0 : (v[base + s] - mean) / sd;
            }
        }
        return n;
    }
}
