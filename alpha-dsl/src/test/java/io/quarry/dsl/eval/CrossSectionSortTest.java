package io.quarry.dsl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link CrossSectionSort} against a comparison sort. */
class CrossSectionSortTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void sortsByValueThenOffsetAndLeavesOutNaN() {
        // From offset 1: 3, NaN, -inf, 0.0, 2, -0.0, inf, 2. Ties (0.0 and -0.0, the two 2s) keep
        // the order of their offsets.
        double[] v = {99, 3, Double.NaN, -INF, 0.0, 2, -0.0, INF, 2};
        int[] order = new int[8];
        int count = new CrossSectionSort(8).order(v, 1, 8, order);
        assertThat(count).isEqualTo(7);
        assertThat(Arrays.copyOf(order, count)).containsExactly(2, 3, 5, 4, 7, 0, 6);
    }

    @Test
    void valuesCloserThanABucketAreOrderedExactly() {
        // A huge value makes the bucket of the others span them all: the exact order decides.
        int n = 300;
        double[] v = new double[n];
        for (int i = 0; i < n - 1; i++) {
            v[i] = 1 + ((i * 7919) % n) * 1e-13;
        }
        v[n - 1] = -1e12;
        int[] order = new int[n];
        new CrossSectionSort(n).order(v, 0, n, order);
        assertThat(order[0]).isEqualTo(n - 1);
        for (int i = 2; i < n; i++) {
            assertThat(v[order[i - 1]]).isLessThan(v[order[i]]);
        }
    }

    @Test
    void refusesMoreValuesThanItsCapacity() {
        assertThatThrownBy(() -> new CrossSectionSort(2).order(new double[3], 0, 3, new int[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity 2");
    }

    @Property
    void equalsAStableComparisonSort(@ForAll("rows") double[] row, @ForAll @IntRange(max = 3) int base) {
        double[] v = new double[base + row.length];
        Arrays.fill(v, 0, base, 123.0);
        System.arraycopy(row, 0, v, base, row.length);
        int[] order = new int[row.length];
        int count = new CrossSectionSort(row.length).order(v, base, row.length, order);

        // -0.0 + 0.0 is 0.0, so Double.compare sees the two zeros as equal.
        int[] expected = IntStream.range(0, row.length).filter(i -> !Double.isNaN(row[i])).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> row[i] + 0.0).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        assertThat(Arrays.copyOf(order, count)).containsExactly(expected);
    }

    /** Rows with ties, NaN, infinities, both zeros, near ties and values of very different size. */
    @Provide
    Arbitrary<double[]> rows() {
        Arbitrary<Double> special = Arbitraries.of(Double.NaN, INF, -INF, 0.0, -0.0, 1.0, 1.0 + Math.ulp(1.0),
                Double.MIN_VALUE, -Double.MAX_VALUE);
        Arbitrary<Double> cents = Arbitraries.integers().between(-500, 500).map(c -> c / 100.0);
        Arbitrary<Double> wide = Arbitraries.doubles().between(-1e12, 1e12).ofScale(3);
        Arbitrary<Double> positive = Arbitraries.doubles().between(1e-6, 1e9).ofScale(12);
        Arbitrary<Double> value = Arbitraries.frequencyOf(Tuple.of(1, special), Tuple.of(3, cents),
                Tuple.of(2, wide), Tuple.of(2, positive));
        Arbitrary<double[]> mixed = value.list().ofMaxSize(600)
                .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
        Arbitrary<double[]> onePositiveKind = positive.list().ofMaxSize(600)
                .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
        return Arbitraries.oneOf(mixed, onePositiveKind);
    }
}
