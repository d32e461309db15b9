package io.quarry.evaluator;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Definition;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.testing.Panels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/** Synthetic markets for the scoring tests: random-walk bars plus extra fields a test chooses. */
final class Markets {

    /** Extra field names the test checker knows. */
    static final Set<String> EXTRA_FIELDS = Set.of("sig", "lab", "noise", "a", "y");

    private Markets() {
    }

    /**
     * Random-walk open/high/low/close/volume for every symbol and row (all bars present), plus the
     * extra fields made by {@code extras} from the same random stream.
     */
    static Panel market(int rows, int symbols, long seed, Function<SplittableRandom, Map<String, double[][]>> extras) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] open = new double[rows][symbols];
        double[][] high = new double[rows][symbols];
        double[][] low = new double[rows][symbols];
        double[][] close = new double[rows][symbols];
        double[][] volume = new double[rows][symbols];
        for (int s = 0; s < symbols; s++) {
            double price = 20 + 80 * random.nextDouble();
            for (int t = 0; t < rows; t++) {
                open[t][s] = price * (1 + 0.003 * gaussian(random));
                price *= 1 + 0.015 * gaussian(random);
                close[t][s] = price;
                high[t][s] = Math.max(open[t][s], price) * 1.004;
                low[t][s] = Math.min(open[t][s], price) * 0.996;
                volume[t][s] = Math.floor(1e5 * Math.exp(gaussian(random)));
            }
        }
        Map<String, double[][]> fields = new LinkedHashMap<>();
        fields.put("open", open);
        fields.put("high", high);
        fields.put("low", low);
        fields.put("close", close);
        fields.put("volume", volume);
        fields.putAll(extras.apply(random));
        return Panels.of(fields, Groups.none());
    }

    /** A rows x symbols matrix of independent standard normals. */
    static double[][] normals(SplittableRandom random, int rows, int symbols) {
        double[][] m = new double[rows][symbols];
        for (int t = 0; t < rows; t++) {
            for (int s = 0; s < symbols; s++) {
                m[t][s] = gaussian(random);
            }
        }
        return m;
    }

    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static CheckedAlpha alpha(String name, String formula) {
        return checker().checkExpression(name, formula, Definition.Kind.ALPHA);
    }

    static CheckedAlpha label(String name, String formula) {
        return checker().checkExpression(name, formula, Definition.Kind.LABEL);
    }

    private static Checker checker() {
        return new Checker(Limits.DEFAULT, EXTRA_FIELDS);
    }
}
