package io.quarry.evaluator.weighting;

/**
 * What day t's close reveals about each alpha: how its signal of day t-1 did over the return from
 * t-1 to t. Cross-sectional: {@code ic} is the day's Pearson IC of the alpha's z-scores with the
 * returns, {@code longShort} the return of its long-short book. Single-asset: {@code ic} is the
 * direction hit {@code sign(z) sign(r)} of the stock, {@code longShort} the return of the alpha's
 * own position {@code clip(z, -1, 1) r}. {@code market} is the equal-weight mean return of the day.
 * NaN marks an undefined value; arrays are shared, never written.
 */
record Observation(double[] ic, double[] longShort, double market) {

    /**
     * @param previousZ per alpha, its z-scores across the symbols on day t-1
     * @param returns   per symbol, the return from t-1 to t (NaN where undefined)
     */
    static Observation of(WeightingSpec spec, int symbol, double[][] previousZ, double[] returns) {
        int k = previousZ.length;
        double[] ic = new double[k];
        double[] longShort = new double[k];
        for (int a = 0; a < k; a++) {
            if (spec.mode() == WeightingSpec.Mode.CROSS_SECTIONAL) {
                ic[a] = CrossSections.ic(previousZ[a], returns);
                longShort[a] = CrossSections.portfolioReturn(CrossSections.longShort(previousZ[a], spec.quantiles()),
                        returns);
            } else {
                double z = previousZ[a][symbol];
                double r = returns[symbol];
                boolean known = !Double.isNaN(z) && !Double.isNaN(r);
                ic[a] = known ? Math.signum(z) * Math.signum(r) : Double.NaN;
                longShort[a] = known ? Math.max(-1, Math.min(1, z)) * r : Double.NaN;
            }
        }
        return new Observation(ic, longShort, CrossSections.mean(returns));
    }
}
