package io.quarry.jobs.stream;

import io.quarry.connectors.kafka.StreamBar;
import io.quarry.connectors.kafka.StreamJson;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.eval.CrossSectionValues;
import io.quarry.dsl.eval.IncrementalEvaluator;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.parse.Diagnostic;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.parse.Source;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Evaluates one alpha group per key. Each key holds a {@link GroupState}: an
 * {@link IncrementalEvaluator} over the group's alphas and the bars of cross-sections still open. A
 * cross-section's timer is its timestamp plus the allowed lateness; when the watermark passes it, the
 * cross-section is complete and is stepped through the evaluator (timers fire in time order, so
 * cross-sections are stepped in order).
 *
 * <p>The job starts with the alphas of its settings. The control stream is broadcast: every subtask
 * records changes to that set in broadcast state (name to canonical definition, or to the empty
 * string for a removed alpha) and applies them to the evaluators of its keys; a key created later
 * starts from the initial alphas with the changes applied. Subtask 0 alone reports each control
 * message on the status side output, so each is reported once.
 *
 * <p>Restoring (docs/STREAMING.md, "Savepoints and upgrades"). The state also records what the run
 * that wrote it started with ({@link #STARTED_WITH}). A run restored with other initial alphas drops
 * the recorded control changes of every name whose definition differs between the two initial sets
 * (added, removed or reformulated on the command line), so the command line's edit wins there and
 * earlier control changes stand everywhere else. Each key then brings its evaluator to that set at
 * its first cross-section after the restore, by the evaluator's own remove and add (added alphas warm
 * up from the retained bars). A restore under another group layout is refused: its keys would not
 * find their state.
 *
 * <p>Metrics (group {@code quarry}): histogram {@code evalMicrosPerAlpha} (one step's time divided by
 * the group's alphas: the evaluator shares subexpressions across them, so that is their honest
 * share), {@code crossSections}.
 */
final class AlphaGroups extends KeyedBroadcastProcessFunction<Integer, Routed, ControlRecord, GroupOutput>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    static final MapStateDescriptor<String, String> ALPHAS =
            new MapStateDescriptor<>("alphas", Types.STRING, Types.STRING);

    /**
     * What the run that last started from this state started with: its initial alphas (name to canonical
     * definition) and, under {@link #LAYOUT}, its {@link AlphaGroupKeys#layout()}. Written at every start.
     */
    static final MapStateDescriptor<String, String> STARTED_WITH =
            new MapStateDescriptor<>("started-with", Types.STRING, Types.STRING);

    /** The entry of {@link #STARTED_WITH} that holds the group layout; no alpha can be named so. */
    private static final String LAYOUT = "#layout";

    static final OutputTag<OutRecord> STATUS = new OutputTag<>("status") {
        private static final long serialVersionUID = 1L;
    };

    private final StreamSettings settings;
    private final AlphaGroupKeys keys;
    private transient ValueStateDescriptor<GroupState> descriptor;
    private transient ValueState<GroupState> state;
    private transient Groups groups;
    private transient Checker checker;
    private transient Histogram evalMicros;
    private transient org.apache.flink.metrics.Counter crossSections;
    private transient Map<String, String> initial;
    /** Keys whose evaluator this instance has brought to the wanted alphas (see {@link #reconcile}). */
    private transient Set<Integer> reconciled;

    AlphaGroups(StreamSettings settings, AlphaGroupKeys keys) {
        this.settings = settings;
        this.keys = keys;
    }

    /** Runs before {@link #open}: settles the control changes a restore with other initial alphas overrides. */
    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checker = new Checker(Limits.DEFAULT, settings.extraFields());
        initial = new LinkedHashMap<>();
        for (CheckedAlpha a : initialAlphas(settings, checker)) {
            initial.put(a.name(), a.toDefinitionLine());
        }
        BroadcastState<String, String> startedWith = context.getOperatorStateStore().getBroadcastState(STARTED_WITH);
        if (context.isRestored()) {
            Map<String, String> previous = new HashMap<>();
            for (Map.Entry<String, String> e : startedWith.entries()) {
                previous.put(e.getKey(), e.getValue());
            }
            // Absent in state written before this was recorded: then the changes stand as they are.
            String layout = previous.remove(LAYOUT);
            if (layout != null) {
                if (!layout.equals(keys.layout())) {
                    throw new IllegalStateException("cannot restore the alpha groups: the saved state has "
                            + layout + ", this job " + keys.layout() + "; restart with the saved job's --parallelism "
                            + "and --alpha-groups (under other keys the groups would start without their history)");
                }
                dropEditedChanges(context.getOperatorStateStore().getBroadcastState(ALPHAS), previous);
            }
        }
        startedWith.clear();
        startedWith.putAll(initial);
        startedWith.put(LAYOUT, keys.layout());
    }

    /**
     * Drops the recorded control change of every alpha whose definition differs between the previous run's
     * initial alphas and this run's, so this run's wins for it.
     */
    private void dropEditedChanges(BroadcastState<String, String> changes, Map<String, String> previous)
            throws Exception {
        Set<String> names = new HashSet<>(previous.keySet());
        names.addAll(initial.keySet());
        for (String name : names) {
            if (!Objects.equals(previous.get(name), initial.get(name))) {
                changes.remove(name);
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // Both broadcast states are snapshotted by the operator; nothing else to save.
    }

    @Override
    public void open(OpenContext context) {
        groups = settings.groupLevels() == 0 ? Groups.none() : new Groups(settings.groups(), settings.groupLevels());
        reconciled = new HashSet<>();
        descriptor = new ValueStateDescriptor<>("group", new GroupStateSerializer(settings.groups(), settings.groupLevels()));
        state = getRuntimeContext().getState(descriptor);
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("quarry");
        evalMicros = metrics.histogram("evalMicrosPerAlpha", new DescriptiveStatisticsHistogram(10_000));
        crossSections = metrics.counter("crossSections");
    }

    @Override
    public void processElement(Routed routed, ReadOnlyContext ctx, Collector<GroupOutput> out) throws Exception {
        GroupState s = state.value();
        if (s == null) {
            s = newState(ctx.getBroadcastState(ALPHAS), keys.groupOfKey(ctx.getCurrentKey()));
        }
        StreamBar bar = routed.bar();
        s.add(bar);
        state.update(s);
        ctx.timerService().registerEventTimeTimer(bar.eventTime() + settings.allowedLatenessMs());
    }

    /**
     * The job's initial alphas, checked.
     *
     * @throws IllegalArgumentException listing every located error, or why an alpha cannot be streamed
     */
    static List<CheckedAlpha> initialAlphas(StreamSettings settings, Checker checker) {
        if (settings.initialAlphas().isBlank()) {
            return List.of();
        }
        CheckedFile file = checker.check(new Source("initial alphas", settings.initialAlphas()));
        List<String> errors = new ArrayList<>(file.errors().stream().map(Diagnostic::format).toList());
        file.definitions().forEach(a -> Streamable.problem(a, settings.extraFields(), settings.retainedBars())
                .ifPresent(errors::add));
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", errors));
        }
        return file.definitions();
    }

    /** The active alphas: the initial ones with the control messages' changes applied. */
    private Map<String, String> active(ReadOnlyBroadcastState<String, String> changes) throws Exception {
        Map<String, String> active = new LinkedHashMap<>(initial);
        for (Map.Entry<String, String> e : changes.immutableEntries()) {
            if (e.getValue().isEmpty()) {
                active.remove(e.getKey());
            } else {
                active.put(e.getKey(), e.getValue());
            }
        }
        return active;
    }

    /** The active alphas of one group, name to canonical definition. */
    private Map<String, String> wanted(ReadOnlyBroadcastState<String, String> changes, int group) throws Exception {
        Map<String, String> mine = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : active(changes).entrySet()) {
            if (keys.groupOf(e.getKey()) == group) {
                mine.put(e.getKey(), e.getValue());
            }
        }
        return mine;
    }

    private GroupState newState(ReadOnlyBroadcastState<String, String> changes, int group) throws Exception {
        List<CheckedAlpha> mine = new ArrayList<>();
        wanted(changes, group).forEach((name, line) -> mine.add(recheck(name, line)));
        return new GroupState(new IncrementalEvaluator(mine, groups, settings.retainedBars()), new TreeMap<>());
    }

    /**
     * Brings a key's evaluator to its group's active alphas: after a restore it runs the set of the job
     * that wrote the state. Alphas it does not run, or runs with another formula, are added and warm up
     * from its retained bars; alphas no longer active are removed. Nothing changes for a key in step.
     *
     * @throws IllegalStateException when an alpha cannot be added (its lookback exceeds the bars this
     *                               evaluator retains, or it reads a field the stream lacks)
     */
    private void reconcile(GroupState s, ReadOnlyBroadcastState<String, String> changes, int group) throws Exception {
        Map<String, String> wanted = wanted(changes, group);
        for (CheckedAlpha a : s.evaluator.alphas()) {
            if (!a.toDefinitionLine().equals(wanted.get(a.name()))) {
                s.evaluator.remove(a.name());
            }
        }
        List<String> running = s.evaluator.alphaNames();
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!running.contains(e.getKey())) {
                try {
                    s.evaluator.add(recheck(e.getKey(), e.getValue()));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalStateException("alpha group " + group + " cannot take up alpha '" + e.getKey()
                            + "' after the restore: " + ex.getMessage(), ex);
                }
            }
        }
    }

    /** An alpha from its canonical definition line, which passed the checker when it was submitted. */
    private CheckedAlpha recheck(String name, String line) {
        return checker.check(new Source("<" + name + ">", line)).orThrow().get(0);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GroupOutput> out) throws Exception {
        GroupState s = state.value();
        if (reconciled.add(ctx.getCurrentKey())) {
            reconcile(s, ctx.getBroadcastState(ALPHAS), keys.groupOfKey(ctx.getCurrentKey()));
        }
        long firedAt = System.currentTimeMillis();
        while (!s.pending.isEmpty() && s.pending.firstKey() + settings.allowedLatenessMs() <= timestamp) {
            Map.Entry<Long, Map<String, StreamBar>> entry = s.pending.pollFirstEntry();
            Collection<StreamBar> bars = entry.getValue().values();
            long start = System.nanoTime();
            CrossSectionValues values = s.evaluator.step(GroupState.crossSection(bars));
            long micros = (System.nanoTime() - start) / 1_000;
            crossSections.inc();
            int alphas = values.alphaNames().size();
            if (alphas == 0) {
                continue;
            }
            evalMicros.update(micros / alphas);
            out.collect(output(entry.getKey(), bars, values, firedAt));
        }
        state.update(s);
    }

    private static GroupOutput output(long eventTime, Collection<StreamBar> bars, CrossSectionValues v,
                                      long firedAt) {
        int n = v.symbols().size();
        int a = v.alphaNames().size();
        double[] closes = new double[n];
        Map<String, Double> closeOf = new java.util.HashMap<>();
        for (StreamBar bar : bars) {
            closeOf.put(bar.symbol(), bar.value("close"));
        }
        for (int s = 0; s < n; s++) {
            closes[s] = closeOf.get(v.symbols().get(s));
        }
        double[] flat = new double[a * n];
        for (int i = 0; i < a; i++) {
            System.arraycopy(v.values()[i], 0, flat, i * n, n);
        }
        return new GroupOutput(v.timestamp(), eventTime, v.symbols().toArray(String[]::new), closes,
                v.alphaNames().toArray(String[]::new), flat, firedAt);
    }

    @Override
    public void processBroadcastElement(ControlRecord control, Context ctx, Collector<GroupOutput> out) throws Exception {
        BroadcastState<String, String> active = ctx.getBroadcastState(ALPHAS);
        if (control.error() != null) {
            report(ctx, control.source(), "rejected", List.of(), List.of(control.error()));
        } else if (StreamJson.Control.REMOVE.equals(control.op())) {
            remove(ctx, active, control);
        } else {
            add(ctx, active, control);
        }
    }

    private void add(Context ctx, BroadcastState<String, String> active, ControlRecord control) throws Exception {
        CheckedFile file = checker.check(new Source(control.source(), control.text()));
        List<String> errors = new ArrayList<>(file.errors().stream().map(Diagnostic::format).toList());
        for (CheckedAlpha a : file.definitions()) {
            Streamable.problem(a, settings.extraFields(), settings.retainedBars())
                    .ifPresent(p -> errors.add(control.source() + ": " + p));
        }
        if (errors.isEmpty() && file.definitions().isEmpty()) {
            errors.add(control.source() + ": no alpha defined");
        }
        if (!errors.isEmpty()) {
            report(ctx, control.source(), "rejected", List.of(), errors);
            return;
        }
        List<String> names = new ArrayList<>();
        for (CheckedAlpha a : file.definitions()) {
            names.add(a.name());
            active.put(a.name(), a.toDefinitionLine());
            int group = keys.groupOf(a.name());
            ctx.applyToKeyedState(descriptor, (key, st) -> {
                GroupState s = st.value();
                if (s != null && keys.groupOfKey(key) == group) {
                    if (s.evaluator.alphaNames().contains(a.name())) {
                        s.evaluator.remove(a.name());
                    }
                    s.evaluator.add(a);
                    st.update(s);
                }
            });
        }
        report(ctx, control.source(), "accepted", names, List.of());
    }

    private void remove(Context ctx, BroadcastState<String, String> active, ControlRecord control) throws Exception {
        List<String> unknown = new ArrayList<>();
        Map<String, String> current = active(active);
        for (String name : control.alphas()) {
            if (!current.containsKey(name)) {
                unknown.add(control.source() + ": no active alpha named '" + name + "'");
            }
        }
        if (!unknown.isEmpty() || control.alphas().length == 0) {
            report(ctx, control.source(), "rejected", List.of(),
                    unknown.isEmpty() ? List.of(control.source() + ": no alpha to remove") : unknown);
            return;
        }
        for (String name : control.alphas()) {
            active.put(name, "");
            int group = keys.groupOf(name);
            ctx.applyToKeyedState(descriptor, (key, st) -> {
                GroupState s = st.value();
                if (s != null && keys.groupOfKey(key) == group && s.evaluator.alphaNames().contains(name)) {
                    s.evaluator.remove(name);
                    st.update(s);
                }
            });
        }
        report(ctx, control.source(), "removed", List.of(control.alphas()), List.of());
    }

    private void report(Context ctx, String source, String status, List<String> alphas, List<String> errors) {
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() != 0) {
            return;
        }
        byte[] value = StreamJson.status(new StreamJson.Status(source, status, alphas, errors));
        ctx.output(STATUS, new OutRecord(settings.topics().status(), source.getBytes(StandardCharsets.UTF_8), value));
    }
}
