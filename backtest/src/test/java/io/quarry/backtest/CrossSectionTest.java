package io.quarry.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Tests for {@link CrossSection}, against a naive reading of its definitions. */
class CrossSectionTest {

    @Test
    void quintilesOfTenDistinctValues() {
        // Ten values: ranks 1..10, bucket floor((r - 1) * 5 / 10): two symbols a bucket.
        double[] v = {5, 0, 9, 1, 8, 2, 7, 3, 6, 4};
        CrossSection section = new CrossSection(10);
        assertThat(section.sort(v, 0, 10)).isEqualTo(10);
        int[] buckets = new int[10];
        for (int s = 0; s < 10; s++) {
            buckets[s] = section.bucket(s, 5);
        }
        assertThat(buckets).containsExactly(2, 0, 4, 0, 4, 1, 3, 1, 3, 2);
    }

    @Test
    void tiesShareTheirAverageRankAndNegativeZeroTiesZero() {
        // Values 1, 1, 1, 4 (with -0.0 == 0.0 in the ties below): ranks 2, 2, 2, 4 of 4.
        // Halves: floor((2 - 1) * 2 / 4) = 0 for the ties, floor(3 * 2 / 4) = 1 for the top.
        CrossSection section = new CrossSection(4);
        section.sort(new double[] {1, 1, 4, 1}, 0, 4);
        assertThat(new int[] {section.bucket(0, 2), section.bucket(1, 2), section.bucket(2, 2), section.bucket(3, 2)})
                .containsExactly(0, 0, 1, 0);
        section.sort(new double[] {0.0, -0.0, Double.NaN, 0.0}, 0, 4);
        assertThat(section.count()).isEqualTo(3);
        assertThat(section.greater(0)).isZero();
        assertThat(section.greater(1)).isZero();
        // Descending with ties by ascending index: 0, 1, 3.
        assertThat(new int[] {section.descending(0), section.descending(1), section.descending(2)})
                .containsExactly(0, 1, 3);
    }

    @Property(tries = 300)
    void agreesWithNaiveRanks(@ForAll @IntRange(min = 1, max = 60) int n, @ForAll @IntRange(min = 2, max = 7) int q,
                              @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n + 3];
        // Offset 3: the day starts inside a longer array. Few distinct values make ties; some NaN.
        for (int i = 0; i < v.length; i++) {
            int kind = random.nextInt(10);
            v[i] = kind == 0 ? Double.NaN : kind < 4 ? random.nextInt(4) : random.nextDouble() * 1e6 - 5e5;
        }
        CrossSection section = new CrossSection(n);
        int count = section.sort(v, 3, n);
        List<Integer> present = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            if (!Double.isNaN(v[3 + s])) {
                present.add(s);
            }
        }
        assertThat(count).isEqualTo(present.size());
        for (int s : present) {
            double x = v[3 + s];
            long less = present.stream().filter(o -> v[3 + o] < x).count();
            long equal = present.stream().filter(o -> v[3 + o] == x).count();
            double averageRank = less + (equal + 1) / 2.0;
            assertThat(section.bucket(s, q)).isEqualTo((int) Math.floor((averageRank - 1) * q / count));
            assertThat(section.greater(s)).isEqualTo(count - less - equal);
        }
        List<Integer> expected = new ArrayList<>(present);
        expected.sort(Comparator.comparingDouble((Integer s) -> -v[3 + s]).thenComparingInt(s -> s));
        List<Integer> descending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            descending.add(section.descending(i));
        }
        assertThat(descending).isEqualTo(expected);
    }
}
