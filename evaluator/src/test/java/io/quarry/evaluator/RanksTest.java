package io.quarry.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Tests for {@link Ranks}. */
class RanksTest {

    @Test
    void ordersPresentValuesAndSkipsNaN() {
        double[] v = {3, Double.NaN, -1, 2.5, -0.0, 0.0, 1e300, -1e-300};
        int[] order = new int[v.length];
        int count = Ranks.order(v, 0, v.length, new Ranks.Scratch(v.length), order);
        assertThat(count).isEqualTo(7);
        double[] sorted = Arrays.stream(order, 0, count).mapToDouble(s -> v[s]).toArray();
        assertThat(sorted).containsExactly(-1, -1e-300, -0.0, 0.0, 2.5, 3, 1e300);
    }

    @Test
    void valuesCloserThanTheirBucketsAreOrderedExactly() {
        // 1 + k * 1e-12 share a bucket: the exact doubles decide.
        double[] v = {1 + 3e-12, 1 + 1e-12, 1, 1 + 2e-12};
        int[] order = new int[v.length];
        Ranks.order(v, 0, v.length, new Ranks.Scratch(v.length), order);
        assertThat(order).containsExactly(2, 1, 3, 0);
    }

    @Test
    void aLongRunOfNearlyEqualValuesIsSortedExactly() {
        // 1e9 + a rank: many values share each bucket, so large groups are put in exact order.
        int n = 400;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 1e9 + ((i * 7919) % n) / (double) n;
        }
        int[] order = new int[n];
        Ranks.order(v, 0, n, new Ranks.Scratch(n), order);
        for (int i = 1; i < n; i++) {
            assertThat(v[order[i - 1]]).isLessThan(v[order[i]]);
        }
    }

    @Test
    void averageRanksOfTiesOverASubset() {
        // Values 5, 1, 5, 3, 5, 9 with symbol 5 excluded by the mask: 1 -> 1, 3 -> 2, the three 5s
        // share ranks 3, 4, 5 -> 4 each.
        double[] v = {5, 1, 5, 3, 5, 9};
        double[] mask = {0, 0, 0, 0, 0, Double.NaN};
        Ranks.Scratch scratch = new Ranks.Scratch(v.length);
        int[] order = new int[v.length];
        int count = Ranks.order(v, 0, v.length, scratch, order);
        double[] ranks = new double[v.length];
        int n = Ranks.ranks(v, 0, order, count, mask, 0, scratch, ranks);
        assertThat(n).isEqualTo(5);
        assertThat(Arrays.copyOf(ranks, 5)).containsExactly(4, 1, 4, 2, 4);
    }

    @Property
    void theOrderIsSortedAndAPermutation(
            @ForAll @Size(max = 300) List<@DoubleRange(min = -1e6, max = 1e6) Double> list) {
        double[] v = list.stream().mapToDouble(x -> Math.round(x * 8) / 8.0).toArray();
        int[] order = new int[v.length];
        int count = Ranks.order(v, 0, v.length, new Ranks.Scratch(v.length), order);
        assertThat(count).isEqualTo(v.length);
        double[] sorted = Arrays.stream(order, 0, count).mapToDouble(s -> v[s]).toArray();
        double[] expected = v.clone();
        Arrays.sort(expected);
        assertThat(sorted).containsExactly(expected);
        assertThat(Arrays.stream(order, 0, count).distinct().count()).isEqualTo(count);
    }
}
