package io.quarry.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Tests for {@link RecentRate}. */
class RecentRateTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long START = 5 * SECOND;

    @Test
    void untilAWindowHasPassedTheRateIsTheMeanSinceTheStart() {
        RecentRate rate = new RecentRate(START);

        assertThat(rate.record(START + 2 * SECOND, 100)).isCloseTo(50, within(1e-9));
        assertThat(rate.record(START + 4 * SECOND, 300)).isCloseTo(75, within(1e-9));
    }

    @Test
    void aRunThatSpeedsUpIsMeasuredAtItsNewSpeed() {
        // 10 a second for 10 s (a JIT warming up), then 30 a second.
        RecentRate rate = new RecentRate(START);
        double last = Double.NaN;
        for (int s = 1; s <= 20; s++) {
            last = rate.record(START + s * SECOND, s <= 10 ? 10L * s : 100 + 30L * (s - 10));
        }

        // The last 10 s did 400 - 100; the mean since the start is 400 / 20 = 20 a second.
        assertThat(last).isCloseTo(30, within(1e-9));
        // 600 left at 30 a second.
        assertThat(RecentRate.secondsLeft(600, last)).isCloseTo(20, within(1e-9));
    }

    @Test
    void aGapLongerThanTheWindowReachesBackToTheLastRecordBeforeIt() {
        RecentRate rate = new RecentRate(START);
        rate.record(START + SECOND, 60);

        // The window [16 s, 26 s] holds no earlier record: the rate runs from the one at 1 s,
        // (260 - 60) / 25 = 8 a second (from the start it would be 10).
        assertThat(rate.record(START + 26 * SECOND, 260)).isCloseTo(8, within(1e-9));
    }

    @Test
    void noTimeAndNoSpeedGiveNoNumber() {
        RecentRate rate = new RecentRate(START);

        assertThat(rate.record(START, 0)).isNaN();
        assertThat(RecentRate.secondsLeft(100, 0)).isNaN();
        assertThat(RecentRate.secondsLeft(100, Double.NaN)).isNaN();
        assertThatThrownBy(() -> new RecentRate(START, 0)).hasMessageContaining("must be positive");
    }

    /**
     * Against a naive reference that keeps every record: the rate from the latest record at or
     * before the window's start (or the start itself) to the newest.
     */
    @Property
    void agreesWithAScanOfEveryRecord(@ForAll @Size(min = 1, max = 60) List<@IntRange(min = 1, max = 4000) Integer> gapsMillis,
                                      @ForAll @Size(min = 60, max = 60) List<@IntRange(min = 0, max = 500) Integer> done,
                                      @ForAll @IntRange(min = 1, max = 20_000) int windowMillis) {
        long window = windowMillis * 1_000_000L;
        RecentRate rate = new RecentRate(START, window);
        List<long[]> all = new ArrayList<>(List.of(new long[] {START, 0}));
        long now = START;
        long count = 0;
        for (int i = 0; i < gapsMillis.size(); i++) {
            now += gapsMillis.get(i) * 1_000_000L;
            count += done.get(i);
            double actual = rate.record(now, count);
            all.add(new long[] {now, count});

            long[] from = all.get(0);
            for (long[] r : all) {
                if (r[0] <= now - window) {
                    from = r;
                }
            }
            double expected = (count - from[1]) * 1e9 / (now - from[0]);
            assertThat(actual).isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
        }
    }
}
