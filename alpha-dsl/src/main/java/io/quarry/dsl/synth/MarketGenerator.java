package io.quarry.dsl.synth;

import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Makes a synthetic daily market with the look of real equities, optionally with a formula's signal
 * planted into next-day returns (backs {@code quarry generate}).
 *
 * <p>The model, per symbol s and business day t:
 * <ul>
 *   <li>log close-to-close return r = beta_s * market_t + sector_{g(s),t} + idio_{s,t}, with market
 *       ~ N(0, 1%), sector ~ N(0, 0.7%) for 11 sectors, idio a Student-t with 4 degrees of freedom
 *       rescaled to unit variance, times 1.5%; beta_s uniform in [0.5, 1.5]. Using the log return
 *       keeps prices positive under fat tails; the simple return exp(r) - 1 ranks the same way.</li>
 *   <li>start prices log-uniform in 10..200; open = previous close * (1 + N(0, 0.3%)); high and low
 *       extend max/min(open, close) by a factor 1 + 0.5% |N(0, 1)|.</li>
 *   <li>volume log-normal around a per-symbol level (log-uniform 1e5..1e7): an AR(1) in log
 *       (persistence 0.8, stationary sd 0.3) plus 20 x |r| (a 5% move lifts volume by e), rounded
 *       to whole shares.</li>
 *   <li>about 5% of symbols list late (no bars before a random day in the first half) and 3% halt
 *       once for 1-10 days; after a halt the price resumes from the last close. A symbol without a
 *       bar has NaN in every field and its bar mask is false.</li>
 *   <li>sectors "Sector01".."Sector11" round-robin over the symbols "S0001", "S0002", ...; the
 *       calendar is the business days (Mon-Fri, no holidays) from {@link Spec#start()}.</li>
 * </ul>
 *
 * <p><b>Planting.</b> With a plant formula, each day's idiosyncratic return is
 * {@code a * z + sqrt(sigma_e^2 - a^2) * eps}, where z is the gaussianized cross-sectional rank of
 * the formula on the previous day (0 where it is NaN) and {@code a = ic * sqrt(sigma_g^2 + sigma_e^2)}:
 * the cross-sectional variance of returns is about sigma_g^2 + sigma_e^2, so the formula's rank at t
 * correlates with the return from t to t+1 at about {@code ic}. Measured as a rank (Spearman)
 * correlation it comes out a little above: 0.10-0.11 for ic = 0.1 on 200 symbols, because ranks
 * discount the outliers of the t(4) noise, which outweighs the few percent of variance that beta
 * dispersion times the market move adds. The construction needs |a| < sigma_e; for |ic| above
 * about 0.9 the sector vol of the whole market is lowered to sqrt(0.5 (1 - ic^2) / ic^2) * sigma_e
 * to keep it so (ic = 0.95 then measures about 0.93).
 * The formula is evaluated day by day on the market made so far, over a trailing window (see
 * {@link Plant}).
 *
 * <p>Deterministic: the same spec gives a bit-identical panel. All randomness comes from one
 * {@link SplittableRandom} seeded with {@link Spec#seed()}, split into a stream for the factors
 * and one per symbol, and everything runs on the calling thread.
 */
public final class MarketGenerator {

    private static final int SECTORS = 11;
    private static final double MARKET_VOL = 0.01;
    private static final double SECTOR_VOL = 0.007;
    private static final double IDIO_VOL = 0.015;
    private static final double BETA_MIN = 0.5;
    private static final double BETA_MAX = 1.5;
    private static final double PRICE_MIN = 10;
    private static final double PRICE_MAX = 200;
    private static final double OVERNIGHT_VOL = 0.003;
    private static final double RANGE_SCALE = 0.005;
    private static final double VOLUME_MIN = 1e5;
    private static final double VOLUME_MAX = 1e7;
    private static final double VOLUME_PERSISTENCE = 0.8;
    private static final double VOLUME_NOISE = 0.3;
    private static final double VOLUME_PER_ABS_RETURN = 20;
    private static final double LATE_SHARE = 0.05;
    private static final double HALT_SHARE = 0.03;
    private static final int MAX_HALT_DAYS = 10;
    private static final int LAST_YEAR = 9999;

    private MarketGenerator() {
    }

    /**
     * What to generate.
     *
     * @param symbols      number of symbols, >= 1
     * @param days         number of business days, >= 2
     * @param seed         the random seed: same spec, same panel
     * @param start        the first day; a weekend start moves to the next Monday
     * @param plantFormula an alpha formula whose signal next-day returns carry, if present
     * @param plantIc      the target cross-sectional correlation of the plant's rank with next-day
     *                     returns, in (-1, 1); ignored without a plant
     */
    public record Spec(int symbols, int days, long seed, LocalDate start, Optional<String> plantFormula,
                       double plantIc) {

        /** The start used when none is given: 2020-01-01. */
        public static final LocalDate DEFAULT_START = LocalDate.of(2020, 1, 1);

        public Spec {
            if (symbols < 1) {
                throw new IllegalArgumentException("symbols must be >= 1, got " + symbols);
            }
            if (days < 2) {
                throw new IllegalArgumentException("days must be >= 2, got " + days);
            }
            if ((long) symbols * days > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("symbols x days = " + (long) symbols * days
                        + " cells is more than a panel can hold (" + (Integer.MAX_VALUE - 8) + ")");
            }
            Objects.requireNonNull(start, "start");
            if (start.getYear() < 1) {
                throw new IllegalArgumentException("start must be in year 1 or later, got " + start);
            }
            Objects.requireNonNull(plantFormula, "plantFormula");
            if (plantFormula.isPresent() && plantFormula.get().isBlank()) {
                throw new IllegalArgumentException("plantFormula must not be blank");
            }
            if (!(Math.abs(plantIc) < 1)) {
                throw new IllegalArgumentException("plantIc must be in (-1, 1), got " + plantIc);
            }
        }

        /** A spec without a plant, starting on {@link #DEFAULT_START}. */
        public Spec(int symbols, int days, long seed) {
            this(symbols, days, seed, DEFAULT_START, Optional.empty(), 0);
        }
    }

    /**
     * Generates the market of a spec.
     *
     * @throws io.quarry.dsl.parse.FormulaException when the plant formula has errors
     * @throws IllegalArgumentException              when it reads a field the market does not have
     */
    public static Panel generate(Spec spec) {
        Optional<Plant> plant = spec.plantFormula().map(Plant::new);
        return new Run(spec, plant).generate();
    }

    /** One generation: the per-symbol parameters and state, and the draft being filled. */
    private static final class Run {
        private final int n;
        private final int rows;
        private final Optional<Plant> plant;
        private final Draft draft;
        private final SplittableRandom factorRandom;
        private final SplittableRandom[] symbolRandom;
        private final int[] sector;
        private final double[] beta;
        private final double[] volumeLevel;
        private final int[] listedFrom;
        private final int[] haltFrom;
        private final int[] haltUntil;
        private final double sectorVol;
        private final double signalLoading;
        private final double noiseVol;

        Run(Spec spec, Optional<Plant> plant) {
            this.n = spec.symbols();
            this.rows = spec.days();
            this.plant = plant;
            SplittableRandom master = new SplittableRandom(spec.seed());
            this.factorRandom = master.split();
            List<String> symbols = symbolNames(n);
            this.sector = new int[n];
            Map<String, List<String>> groups = new LinkedHashMap<>();
            for (int s = 0; s < n; s++) {
                sector[s] = s % SECTORS;
                groups.put(symbols.get(s), List.of(String.format(Locale.ROOT, "Sector%02d", sector[s] + 1)));
            }
            this.draft = new Draft(calendar(spec.start(), rows), symbols, new Groups(groups, 1));

            this.symbolRandom = new SplittableRandom[n];
            this.beta = new double[n];
            this.volumeLevel = new double[n];
            for (int s = 0; s < n; s++) {
                symbolRandom[s] = master.split();
                beta[s] = BETA_MIN + (BETA_MAX - BETA_MIN) * master.nextDouble();
                volumeLevel[s] = logUniform(master, VOLUME_MIN, VOLUME_MAX);
            }
            this.listedFrom = new int[n];
            this.haltFrom = new int[n];
            this.haltUntil = new int[n];
            scheduleGaps(master);

            double ic = plant.isPresent() ? spec.plantIc() : 0;
            double maxSectorVol = ic == 0 ? SECTOR_VOL : Math.sqrt(0.5 * (1 - ic * ic) / (ic * ic)) * IDIO_VOL;
            this.sectorVol = Math.min(SECTOR_VOL, maxSectorVol);
            this.signalLoading = ic * Math.sqrt(sectorVol * sectorVol + IDIO_VOL * IDIO_VOL);
            this.noiseVol = Math.sqrt(IDIO_VOL * IDIO_VOL - signalLoading * signalLoading);
        }

        /** Picks the late listers and the halting symbols (distinct), and their days. */
        private void scheduleGaps(SplittableRandom random) {
            int[] order = new int[n];
            for (int s = 0; s < n; s++) {
                order[s] = s;
                haltFrom[s] = rows;
                haltUntil[s] = rows;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            int late = (int) Math.round(LATE_SHARE * n);
            int halting = (int) Math.round(HALT_SHARE * n);
            for (int i = 0; i < late; i++) {
                listedFrom[order[i]] = 1 + random.nextInt(Math.max(1, rows / 2 - 1));
            }
            for (int i = late; i < late + halting; i++) {
                int length = 1 + random.nextInt(MAX_HALT_DAYS);
                // Start early enough to resume before the end when the calendar allows it.
                int from = 1 + random.nextInt(Math.max(1, rows - 1 - length));
                haltFrom[order[i]] = from;
                haltUntil[order[i]] = Math.min(rows, from + length);
            }
        }

        Panel generate() {
            double[] lastClose = new double[n];
            double[] volumeState = new double[n];
            for (int s = 0; s < n; s++) {
                SplittableRandom random = symbolRandom[s];
                lastClose[s] = logUniform(random, PRICE_MIN, PRICE_MAX);
                volumeState[s] = VOLUME_NOISE * random.nextGaussian();
            }
            double[] market = new double[rows];
            double[] sectorMoves = new double[SECTORS * rows];
            for (int t = 0; t < rows; t++) {
                market[t] = MARKET_VOL * factorRandom.nextGaussian();
                for (int g = 0; g < SECTORS; g++) {
                    sectorMoves[g * rows + t] = sectorVol * factorRandom.nextGaussian();
                }
            }
            Bars bars = new Bars(market, sectorMoves, lastClose, volumeState);
            // Each symbol draws from its own stream, so the order of the loops does not change the
            // result: symbol by symbol writes the symbol-major arrays contiguously, day by day lets
            // the plant read each finished row.
            if (plant.isEmpty()) {
                for (int s = 0; s < n; s++) {
                    for (int t = 0; t < rows; t++) {
                        bars.make(s, t, 0);
                    }
                }
            } else {
                Plant p = plant.get();
                double[] z = new double[n];
                for (int t = 0; t < rows; t++) {
                    for (int s = 0; s < n; s++) {
                        bars.make(s, t, z[s]);
                    }
                    if (t + 1 < rows) {
                        p.signal(draft.window(Math.max(0, t - p.window() + 1), t), z);
                    }
                }
            }
            return draft.toPanel();
        }

        /** Writes bars into the draft, carrying each symbol's last close and volume state. */
        private final class Bars {
            private final double[] open = draft.field(0);
            private final double[] high = draft.field(1);
            private final double[] low = draft.field(2);
            private final double[] close = draft.field(3);
            private final double[] volume = draft.field(4);
            private final boolean[] hasBar = draft.barMask();
            private final double volumeInnovation =
                    VOLUME_NOISE * Math.sqrt(1 - VOLUME_PERSISTENCE * VOLUME_PERSISTENCE);
            private final double[] market;
            private final double[] sectorMoves;
            private final double[] lastClose;
            private final double[] volumeState;

            Bars(double[] market, double[] sectorMoves, double[] lastClose, double[] volumeState) {
                this.market = market;
                this.sectorMoves = sectorMoves;
                this.lastClose = lastClose;
                this.volumeState = volumeState;
            }

            /** The bar of symbol s at row t, whose idiosyncratic return carries {@code signal} (a z-score). */
            void make(int s, int t, double signal) {
                int i = s * rows + t;
                if (t < listedFrom[s] || (t >= haltFrom[s] && t < haltUntil[s])) {
                    open[i] = high[i] = low[i] = close[i] = volume[i] = Double.NaN;
                    return;
                }
                SplittableRandom random = symbolRandom[s];
                double idio = signalLoading * signal + noiseVol * studentT4(random);
                double r = beta[s] * market[t] + sectorMoves[sector[s] * rows + t] + idio;
                double previous = lastClose[s];
                double c = previous * Math.exp(r);
                double o = previous * (1 + OVERNIGHT_VOL * random.nextGaussian());
                open[i] = o;
                close[i] = c;
                high[i] = Math.max(o, c) * (1 + RANGE_SCALE * Math.abs(random.nextGaussian()));
                low[i] = Math.min(o, c) / (1 + RANGE_SCALE * Math.abs(random.nextGaussian()));
                volumeState[s] = VOLUME_PERSISTENCE * volumeState[s] + volumeInnovation * random.nextGaussian();
                volume[i] = Math.max(1, Math.rint(volumeLevel[s] * Math.exp(volumeState[s]
                        + VOLUME_PER_ABS_RETURN * Math.abs(r))));
                hasBar[i] = true;
                lastClose[s] = c;
            }
        }
    }

    /** A Student-t with 4 degrees of freedom scaled to unit variance: Z * sqrt(2 / chi2_4). */
    private static double studentT4(SplittableRandom random) {
        // chi2 with 4 degrees of freedom is the sum of two exponentials with mean 2.
        double chi2 = -2 * Math.log((1 - random.nextDouble()) * (1 - random.nextDouble()));
        return random.nextGaussian() * Math.sqrt(2 / chi2);
    }

    private static double logUniform(SplittableRandom random, double min, double max) {
        return min * Math.exp(Math.log(max / min) * random.nextDouble());
    }

    /** "S0001", "S0002", ...: zero-padded to at least 4 digits so that names sort in order. */
    private static List<String> symbolNames(int n) {
        int width = Math.max(4, Integer.toString(n).length());
        List<String> names = new ArrayList<>(n);
        for (int s = 1; s <= n; s++) {
            names.add("S" + "0".repeat(width - Integer.toString(s).length()) + s);
        }
        return names;
    }

    /**
     * {@code days} business days (Mon-Fri) from {@code start}, or from the Monday after it.
     *
     * @throws IllegalArgumentException past 9999-12-31, where ISO dates stop sorting as text
     */
    private static List<String> calendar(LocalDate start, int days) {
        List<String> dates = new ArrayList<>(days);
        LocalDate day = start;
        while (dates.size() < days) {
            if (day.getYear() > LAST_YEAR) {
                throw new IllegalArgumentException("days: " + days + " business days from " + start
                        + " run past " + LAST_YEAR + "-12-31");
            }
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                dates.add(day.toString());
            }
            day = day.plusDays(1);
        }
        return dates;
    }
}
