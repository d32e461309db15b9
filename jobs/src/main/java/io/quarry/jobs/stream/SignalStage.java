package io.quarry.jobs.stream;

import com.google.gson.JsonObject;
import io.quarry.connectors.kafka.StreamJson;
import io.quarry.dsl.eval.CrossSectionSort;
import io.quarry.evaluator.PlainKernels;
import io.quarry.evaluator.weighting.WeightingModel;
import io.quarry.evaluator.weighting.WeightingPolicy;
import io.quarry.evaluator.weighting.WeightingState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The cross-sectional stage over all groups (one key): once the watermark passes a cross-section, every
 * group's values for it have arrived (a group emits them before it forwards that watermark), and this
 * stage writes
 * <ul>
 *   <li>the combined signal per symbol: the mean, over the alphas with a value there, of the alpha's
 *       cross-sectional rank scaled to [-1, 1] ({@code 2 * (rank - 0.5)}, rank as {@code rank()} defines
 *       it), so every alpha weighs the same whatever its scale;</li>
 *   <li>the live IC per alpha: Pearson correlation across symbols of the alpha at the previous
 *       cross-section with the return from its close to this one's, the day's IC exactly as scoring
 *       computes it ({@link PlainKernels#dailyIc}: pairs with a NaN dropped, NaN under 10 pairs or
 *       with a constant side), and the mean of the last {@code icWindow} ICs.</li>
 * </ul>
 * With a PPO weighting model ({@link StreamSettings#weightingModel()}) the combined signal is instead the
 * model's: loaded once per subtask, stepped per cross-section through a {@link WeightingState} kept in
 * keyed state ({@link PpoStateSerializer}), over the model's alphas only; the weights of each timestamp go
 * to the weights topic. While a model alpha is missing (removed mid-stream) the stage falls back to equal
 * weights of ranks, says so once on the status topic, and leaves the state as it was until the alpha is back.
 */
final class SignalStage extends KeyedProcessFunction<Integer, GroupOutput, OutRecord> {

    private static final long serialVersionUID = 1L;

    private final StreamSettings settings;
    private transient ListState<GroupOutput> pending;
    private transient ValueState<GroupOutput> previous;
    private transient MapState<String, IcRing> rings;
    private transient WeightingModel model;
    private transient WeightingPolicy policy;
    private transient ValueState<PpoState> weighting;
    private transient StreamJson.ValuesWriter signalRecords;
    private transient CrossSectionSort sort;

    SignalStage(StreamSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        signalRecords = new StreamJson.ValuesWriter();
        sort = new CrossSectionSort(0);
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>("pending", TypeInformation.of(GroupOutput.class)));
        previous = getRuntimeContext().getState(new ValueStateDescriptor<>("previous", TypeInformation.of(GroupOutput.class)));
        rings = getRuntimeContext().getMapState(new MapStateDescriptor<>("ic", Types.STRING, TypeInformation.of(IcRing.class)));
        if (settings.weightingModel() != null) {
            model = WeightingModel.parse(settings.weightingModel(), "the weighting model");
            policy = WeightingPolicy.open(model);
            weighting = getRuntimeContext().getState(new ValueStateDescriptor<>("weighting", new PpoStateSerializer()));
        }
    }

    @Override
    public void close() throws Exception {
        if (policy != null) {
            policy.close();
        }
        super.close();
    }

    @Override
    public void processElement(GroupOutput o, Context ctx, Collector<OutRecord> out) throws Exception {
        pending.add(o);
        ctx.timerService().registerEventTimeTimer(o.eventTime() + settings.allowedLatenessMs());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutRecord> out) throws Exception {
        TreeMap<Long, List<GroupOutput>> due = new TreeMap<>();
        List<GroupOutput> keep = new ArrayList<>();
        for (GroupOutput o : pending.get()) {
            if (o.eventTime() + settings.allowedLatenessMs() <= timestamp) {
                due.computeIfAbsent(o.eventTime(), t -> new ArrayList<>()).add(o);
            } else {
                keep.add(o);
            }
        }
        pending.update(keep);
        for (List<GroupOutput> parts : due.values()) {
            GroupOutput now = merge(parts);
            if (model == null || !weighted(now, out)) {
                signal(now, out);
            }
            GroupOutput before = previous.value();
            if (before != null) {
                ic(before, now, out);
            }
            previous.update(now);
        }
    }

    /** The groups' outputs for one cross-section as one: the same symbols, all alphas. */
    private static GroupOutput merge(List<GroupOutput> parts) {
        GroupOutput first = parts.get(0);
        if (parts.size() == 1) {
            return first;
        }
        int n = first.symbols().length;
        List<String> alphas = new ArrayList<>();
        double[] values = new double[parts.stream().mapToInt(p -> p.alphas().length).sum() * n];
        int at = 0;
        for (GroupOutput p : parts) {
            alphas.addAll(Arrays.asList(p.alphas()));
            System.arraycopy(p.values(), 0, values, at, p.values().length);
            at += p.values().length;
        }
        return new GroupOutput(first.time(), first.eventTime(), first.symbols(), first.closes(),
                alphas.toArray(String[]::new), values, first.firedAt());
    }

    private void signal(GroupOutput o, Collector<OutRecord> out) {
        int n = o.symbols().length;
        if (sort.capacity() < n) {
            sort = new CrossSectionSort(n);
        }
        double[] signal = combined(o.values(), o.alphas().length, n, sort);
        String[] name = {"signal"};
        for (int s = 0; s < n; s++) {
            byte[] value = signalRecords.write(o.time(), o.symbols()[s], name, signal, s, 1);
            out.collect(new OutRecord(settings.topics().signal(), o.symbols()[s].getBytes(StandardCharsets.UTF_8), value));
        }
    }

    /**
     * The equal-weight combined signal of one cross-section: per symbol, the mean over the alphas with a
     * value there of {@code 2 * (rank - 0.5)}, rank as {@code rank()} defines it (average rank of ties over
     * the count of finite values); NaN where no alpha has a value.
     *
     * @param values alpha-major: alpha i of symbol s is {@code values[i * n + s]}
     * @param sort   scratch for at least n values
     */
    static double[] combined(double[] values, int alphas, int n, CrossSectionSort sort) {
        double[] sum = new double[n];
        int[] count = new int[n];
        double[] row = new double[n];
        double[] ranks = new double[n];
        for (int i = 0; i < alphas; i++) {
            System.arraycopy(values, i * n, row, 0, n);
            sort.rank(row, ranks, n);
            for (int s = 0; s < n; s++) {
                if (!Double.isNaN(ranks[s])) {
                    sum[s] += 2 * (ranks[s] - 0.5);
                    count[s]++;
                }
            }
        }
        for (int s = 0; s < n; s++) {
            sum[s] = count[s] == 0 ? Double.NaN : sum[s] / count[s];
        }
        return sum;
    }

    /**
     * The model's combined signal and weights for one cross-section; false (nothing written, the state
     * untouched) when a model alpha is missing.
     */
    private boolean weighted(GroupOutput o, Collector<OutRecord> out) throws Exception {
        PpoState state = weighting.value();
        if (state == null) {
            state = PpoState.initial(model);
        }
        List<String> alphas = Arrays.asList(o.alphas());
        List<String> missing = model.names().stream().filter(a -> !alphas.contains(a)).toList();
        if (!missing.isEmpty()) {
            if (!state.paused()) {
                status(out, "paused", missing, "the weighting model's alphas " + String.join(", ", missing)
                        + " are missing: the combined signal is equal weights of ranks until they are back");
                weighting.update(state.withPaused(true));
            }
            return false;
        }
        if (state.paused()) {
            status(out, "resumed", model.names(), "the weighting model's alphas are all back: the model weights "
                    + "the combined signal again, from its state before the pause");
        }
        TreeSet<String> universe = new TreeSet<>(state.symbols());
        universe.addAll(Arrays.asList(o.symbols()));
        if (universe.size() != state.symbols().size()) {
            state = state.widen(List.copyOf(universe));
        }
        List<String> symbols = state.symbols();
        int n = o.symbols().length;
        int[] at = new int[n];
        double[] closes = PpoState.nans(symbols.size());
        for (int s = 0; s < n; s++) {
            at[s] = symbols.indexOf(o.symbols()[s]);
            closes[at[s]] = o.closes()[s];
        }
        List<String> names = model.names();
        double[][] values = new double[names.size()][];
        for (int i = 0; i < values.length; i++) {
            int a = alphas.indexOf(names.get(i));
            values[i] = PpoState.nans(symbols.size());
            for (int s = 0; s < n; s++) {
                values[i][at[s]] = o.values()[a * n + s];
            }
        }
        WeightingState.Step step = state.state().next(policy, values, closes);
        weighting.update(new PpoState(state.spec(), symbols, step.state(), false));
        String[] name = {"signal"};
        for (int s = 0; s < n; s++) {
            byte[] value = signalRecords.write(o.time(), o.symbols()[s], name, step.combined(), at[s], 1);
            out.collect(new OutRecord(settings.topics().signal(), o.symbols()[s].getBytes(StandardCharsets.UTF_8), value));
        }
        if (step.weights() != null) {
            out.collect(new OutRecord(settings.topics().weights(), o.time().getBytes(StandardCharsets.UTF_8),
                    weights(o.time(), names, step.weights())));
        }
        return true;
    }

    /** {@code {"v":1,"time":"2016-01-04","weights":{"a":0.25,"b":-0.75}}}, in the model's alpha order. */
    static byte[] weights(String time, List<String> alphas, double[] weights) {
        JsonObject w = new JsonObject();
        for (int i = 0; i < weights.length; i++) {
            w.addProperty(alphas.get(i), weights[i]);
        }
        JsonObject root = new JsonObject();
        root.addProperty("v", 1);
        root.addProperty("time", time);
        root.add("weights", w);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void status(Collector<OutRecord> out, String status, List<String> alphas, String message) {
        byte[] value = StreamJson.status(new StreamJson.Status("weighting", status, alphas, List.of(message)));
        out.collect(new OutRecord(settings.topics().status(), "weighting".getBytes(StandardCharsets.UTF_8), value));
    }

    private void ic(GroupOutput before, GroupOutput now, Collector<OutRecord> out) throws Exception {
        Map<String, Integer> indexNow = new HashMap<>();
        for (int s = 0; s < now.symbols().length; s++) {
            indexNow.put(now.symbols()[s], s);
        }
        int n = before.symbols().length;
        double[] returns = new double[n];
        for (int s = 0; s < n; s++) {
            Integer j = indexNow.get(before.symbols()[s]);
            returns[s] = j == null ? Double.NaN : now.closes()[j] / before.closes()[s] - 1;
        }
        Set<String> live = new HashSet<>(Arrays.asList(before.alphas()));
        for (int i = 0; i < before.alphas().length; i++) {
            String alpha = before.alphas()[i];
            double ic = PlainKernels.dailyIc(Arrays.copyOfRange(before.values(), i * n, (i + 1) * n), returns);
            IcRing ring = rings.get(alpha);
            if (ring == null) {
                ring = IcRing.empty(settings.icWindow());
            }
            if (!Double.isNaN(ic)) {
                ring = ring.add(ic);
                rings.put(alpha, ring);
            }
            byte[] value = StreamJson.ic(new StreamJson.Ic(now.time(), alpha, ic, ring.mean(), settings.icWindow(), ring.count()));
            out.collect(new OutRecord(settings.topics().ic(), alpha.getBytes(StandardCharsets.UTF_8), value));
        }
        List<String> gone = new ArrayList<>();
        for (String alpha : rings.keys()) {
            if (!live.contains(alpha)) {
                gone.add(alpha);
            }
        }
        for (String alpha : gone) {
            rings.remove(alpha);
        }
    }
}
