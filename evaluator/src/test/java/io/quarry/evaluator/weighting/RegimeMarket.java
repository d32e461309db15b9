package io.quarry.evaluator.weighting;

import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.testing.Panels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A generated market with three alpha fields whose values are independent standard normals each day:
 * {@code steady} predicts the next return with IC {@value #STEADY_IC} always, {@code regime} with IC
 * {@value #REGIME_IC} on the days of regime 1 and not at all in regime 0, {@code noise} never.
 * Regimes alternate in blocks of 40 to 80 days. The return of symbol s from t to t+1 is
 * {@code 0.01 (c_steady steady + c_regime regime + sqrt(1 - c^2 - c^2) eps)}.
 */
record RegimeMarket(Panel panel, boolean[] regime) {

    static final double STEADY_IC = 0.1;
    static final double REGIME_IC = 0.3;
    static final List<String> ALPHAS = List.of("steady", "regime", "noise");

    static RegimeMarket generate(int rows, int symbols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] regime = new boolean[rows];
        boolean on = random.nextBoolean();
        for (int t = 0; t < rows; ) {
            int length = 40 + random.nextInt(41);
            for (int i = 0; i < length && t < rows; i++) {
                regime[t++] = on;
            }
            on = !on;
        }
        double[][] steady = new double[rows][symbols];
        double[][] inRegime = new double[rows][symbols];
        double[][] noise = new double[rows][symbols];
        double[][] close = new double[rows][symbols];
        for (int s = 0; s < symbols; s++) {
            close[0][s] = 50 + 50 * random.nextDouble();
        }
        for (int t = 0; t < rows; t++) {
            for (int s = 0; s < symbols; s++) {
                steady[t][s] = gaussian(random);
                inRegime[t][s] = gaussian(random);
                noise[t][s] = gaussian(random);
            }
            if (t + 1 < rows) {
                double c = regime[t] ? REGIME_IC : 0;
                double rest = Math.sqrt(1 - STEADY_IC * STEADY_IC - c * c);
                for (int s = 0; s < symbols; s++) {
                    double r = 0.01 * (STEADY_IC * steady[t][s] + c * inRegime[t][s] + rest * gaussian(random));
                    close[t + 1][s] = close[t][s] * (1 + r);
                }
            }
        }
        Map<String, double[][]> fields = new LinkedHashMap<>();
        fields.put("open", close);
        fields.put("high", close);
        fields.put("low", close);
        fields.put("close", close);
        fields.put("volume", close);
        fields.put("steady", steady);
        fields.put("regime", inRegime);
        fields.put("noise", noise);
        return new RegimeMarket(Panels.of(fields, Groups.none()), regime);
    }

    List<double[]> values() {
        return ALPHAS.stream().map(panel::values).toList();
    }

    static List<WeightingModel.Alpha> alphas() {
        return ALPHAS.stream().map(a -> new WeightingModel.Alpha(a, "")).toList();
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
