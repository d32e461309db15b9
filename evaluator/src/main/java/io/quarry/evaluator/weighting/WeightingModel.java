package io.quarry.evaluator.weighting;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.quarry.evaluator.rl.MlpWeights;
import io.quarry.evaluator.rl.PpoConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained weighting policy and everything needed to use it again: a versioned, self-describing
 * JSON file (format {@value #FORMAT}, version {@value #VERSION}; layout in docs/WEIGHTING.md) with
 * the alphas in order, the feature layout and normalisation, the environment, PPO's
 * hyperparameters, where and how it was trained, and the actor's and critic's parameters (numbers
 * printed exactly: a file read back gives the same weights). Immutable.
 */
public final class WeightingModel {

    public static final String FORMAT = "quarry-ppo-weighting";
    public static final int VERSION = 1;
    /** The most alphas a policy weights (its action has one component per alpha). */
    public static final int MAX_ALPHAS = 50;
    /** Normalised features are clipped to +-this. */
    static final double FEATURE_CLIP = 5;

    /**
     * @param name    the alpha's name
     * @param formula its canonical formula, or "" when unknown
     */
    public record Alpha(String name, String formula) {
        public Alpha {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(formula, "formula");
        }
    }

    /**
     * Per feature, the mean and standard deviation over the training days; a policy sees
     * {@code clip((x - mean) / std, -5, 5)}. Arrays shared, never written.
     */
    public record Normalisation(double[] mean, double[] std) {
        public Normalisation {
            if (mean.length != std.length) {
                throw new IllegalArgumentException("normalisation has " + mean.length + " means and " + std.length
                        + " standard deviations");
            }
            for (double s : std) {
                if (!(s > 0) || Double.isInfinite(s)) {
                    throw new IllegalArgumentException("a normalisation standard deviation is " + s + ", not positive");
                }
            }
        }

        double[] apply(double[] raw) {
            double[] x = new double[raw.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.max(-FEATURE_CLIP, Math.min(FEATURE_CLIP, (raw[i] - mean[i]) / std[i]));
            }
            return x;
        }
    }

    /**
     * Where and how the policy was trained; {@code results} holds the mean daily rewards and the like
     * measured after training (for people: nothing reads them back).
     */
    public record Provenance(String data, String trainFrom, String trainTo, String validTo, String device,
                             double seconds, Map<String, Double> results) {
        public Provenance {
            results = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(results));
        }
    }

    private final WeightingSpec spec;
    private final List<Alpha> alphas;
    private final Normalisation normalisation;
    private final TrainingPlan plan;
    private final Provenance provenance;
    private final MlpWeights actor;
    private final double[] logStd;
    private final MlpWeights critic;

    public WeightingModel(WeightingSpec spec, List<Alpha> alphas, Normalisation normalisation, TrainingPlan plan,
                          Provenance provenance, MlpWeights actor, double[] logStd, MlpWeights critic) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.alphas = List.copyOf(alphas);
        this.normalisation = Objects.requireNonNull(normalisation, "normalisation");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        this.actor = Objects.requireNonNull(actor, "actor");
        this.logStd = logStd.clone();
        this.critic = Objects.requireNonNull(critic, "critic");
        int k = this.alphas.size();
        if (k < 1 || k > MAX_ALPHAS) {
            throw new IllegalArgumentException("a weighting model needs 1 to " + MAX_ALPHAS + " alphas, got " + k);
        }
        if (this.alphas.stream().map(Alpha::name).distinct().count() != k) {
            throw new IllegalArgumentException("the model's alpha names are not distinct: " + names());
        }
        int f = Features.size(k);
        if (normalisation.mean().length != f || actor.inputs() != f || critic.inputs() != f) {
            throw new IllegalArgumentException(k + " alphas give " + f + " features; the normalisation has "
                    + normalisation.mean().length + ", the actor takes " + actor.inputs() + ", the critic "
                    + critic.inputs());
        }
        if (actor.outputs() != k || this.logStd.length != k || critic.outputs() != 1) {
            throw new IllegalArgumentException("the actor must give one action per alpha (" + k + "), got "
                    + actor.outputs() + " means and " + this.logStd.length + " log standard deviations; the critic "
                    + critic.outputs() + " values");
        }
    }

    public WeightingSpec spec() {
        return spec;
    }

    public List<Alpha> alphas() {
        return alphas;
    }

    public List<String> names() {
        return alphas.stream().map(Alpha::name).toList();
    }

    public Normalisation normalisation() {
        return normalisation;
    }

    public TrainingPlan plan() {
        return plan;
    }

    public Provenance provenance() {
        return provenance;
    }

    public MlpWeights actor() {
        return actor;
    }

    public MlpWeights critic() {
        return critic;
    }

    public double[] logStd() {
        return logStd.clone();
    }

    /** The same model with other provenance. */
    public WeightingModel withProvenance(Provenance newProvenance) {
        return new WeightingModel(spec, alphas, normalisation, plan, newProvenance, actor, logStd, critic);
    }

    /**
     * Where each of the model's alphas is among the alphas in use.
     *
     * @param inUse    the alphas in use: names, and formulas ("" when unknown: not compared)
     * @param describe names the model for the message, e.g. its file
     * @return {@code index[i]}: the position in {@code inUse} of the model's i-th alpha
     * @throws IllegalArgumentException naming every missing, extra and changed alpha when the two sets differ
     */
    public int[] match(List<Alpha> inUse, String describe) {
        Map<String, Integer> position = new LinkedHashMap<>();
        for (int i = 0; i < inUse.size(); i++) {
            position.put(inUse.get(i).name(), i);
        }
        List<String> problems = new ArrayList<>();
        int[] index = new int[alphas.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < alphas.size(); i++) {
            Alpha mine = alphas.get(i);
            Integer at = position.get(mine.name());
            if (at == null) {
                missing.add(mine.name());
                continue;
            }
            index[i] = at;
            String theirs = inUse.get(at).formula();
            if (!mine.formula().isEmpty() && !theirs.isEmpty() && !mine.formula().equals(theirs)) {
                problems.add("'" + mine.name() + "' is " + theirs + " here but was " + mine.formula() + " in training");
            }
        }
        List<String> extra = inUse.stream().map(Alpha::name).filter(n -> alphas.stream().noneMatch(a -> a.name().equals(n)))
                .toList();
        if (!missing.isEmpty()) {
            problems.add(0, "missing here: " + String.join(", ", missing));
        }
        if (!extra.isEmpty()) {
            problems.add("not in the model: " + String.join(", ", extra));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(describe + " was trained on " + alphas.size() + " alphas (" + String.join(", ",
                    names()) + ") and the alphas in use differ: " + String.join("; ", problems));
        }
        return index;
    }

    // ---- the file ---------------------------------------------------------------------------------

    /** Writes the model as JSON. */
    public void write(Path file) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("version", VERSION);
        JsonObject environment = new JsonObject();
        environment.addProperty("mode", spec.mode().label());
        if (spec.symbol() != null) {
            environment.addProperty("symbol", spec.symbol());
        }
        environment.addProperty("quantiles", spec.quantiles());
        environment.addProperty("buy_cost", spec.buyCost());
        environment.addProperty("sell_cost", spec.sellCost());
        root.add("environment", environment);
        JsonArray alphaArray = new JsonArray();
        for (Alpha a : alphas) {
            JsonObject o = new JsonObject();
            o.addProperty("name", a.name());
            o.addProperty("formula", a.formula());
            alphaArray.add(o);
        }
        root.add("alphas", alphaArray);
        JsonObject features = new JsonObject();
        JsonArray names = new JsonArray();
        Features.names(names()).forEach(names::add);
        features.add("names", names);
        features.add("mean", numbers(normalisation.mean()));
        features.add("std", numbers(normalisation.std()));
        features.addProperty("clip", FEATURE_CLIP);
        root.add("features", features);
        root.add("hyperparameters", hyperparameters(plan));
        root.add("training", provenance(provenance));
        JsonObject policy = new JsonObject();
        policy.addProperty("activation", "tanh");
        policy.addProperty("action", "clip to [-1, 1], divide by the sum of absolute values");
        policy.add("actor", mlp(actor));
        policy.add("log_std", numbers(logStd));
        policy.add("critic", mlp(critic));
        root.add("policy", policy);
        String text = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(root);
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Reads a model file.
     *
     * @throws IllegalArgumentException naming the file and what is wrong when it is not a model this
     *                                  version reads (or does not exist)
     */
    public static WeightingModel read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("model file not found: " + file);
        }
        return parse(text, file.toString());
    }

    /**
     * Reads a model from the text of a model file (what a streaming job carries to its operators).
     *
     * @param describe names the model in every error, e.g. its file
     * @throws IllegalArgumentException naming {@code describe} and what is wrong when it is not a model this
     *                                  version reads
     */
    public static WeightingModel parse(String text, String describe) {
        Reader in = new Reader(describe);
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw in.fail("not a JSON object");
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw in.fail("not a JSON model file (" + e.getMessage() + ")");
        }
        if (!root.has("format") || !FORMAT.equals(in.string(root, "format"))) {
            throw in.fail("not a Quarry weighting model (\"format\" is not \"" + FORMAT + "\")");
        }
        int version = in.integer(root, "version");
        if (version != VERSION) {
            throw in.fail("model file version " + version + " is not the version this Quarry reads (" + VERSION + ")");
        }
        try {
            JsonObject env = in.object(root, "environment");
            WeightingSpec.Mode mode = WeightingSpec.Mode.of(in.string(env, "mode"));
            WeightingSpec spec = new WeightingSpec(mode, env.has("symbol") ? in.string(env, "symbol") : null,
                    in.integer(env, "quantiles"), in.number(env, "buy_cost"), in.number(env, "sell_cost"));
            List<Alpha> alphas = new ArrayList<>();
            for (JsonElement e : in.array(root, "alphas")) {
                JsonObject o = in.asObject(e, "alphas[]");
                alphas.add(new Alpha(in.string(o, "name"), in.string(o, "formula")));
            }
            JsonObject features = in.object(root, "features");
            List<String> expected = Features.names(alphas.stream().map(Alpha::name).toList());
            List<String> names = new ArrayList<>();
            for (JsonElement e : in.array(features, "names")) {
                names.add(e.getAsString());
            }
            if (!names.equals(expected)) {
                throw in.fail("the feature layout differs from this version's: expected " + expected + ", got " + names);
            }
            Normalisation normalisation = new Normalisation(in.numbers(features, "mean"), in.numbers(features, "std"));
            TrainingPlan plan = readPlan(in, in.object(root, "hyperparameters"));
            Provenance provenance = readProvenance(in, in.object(root, "training"));
            JsonObject policy = in.object(root, "policy");
            return new WeightingModel(spec, alphas, normalisation, plan, provenance, readMlp(in, policy, "actor"),
                    in.numbers(policy, "log_std"), readMlp(in, policy, "critic"));
        } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
            throw in.fail("a value has the wrong type (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(describe)) {
                throw e;
            }
            throw in.fail(e.getMessage());
        }
    }

    private static JsonObject hyperparameters(TrainingPlan plan) {
        PpoConfig p = plan.ppo();
        JsonObject o = new JsonObject();
        o.addProperty("algorithm", "PPO-clip, GAE, Adam, diagonal Gaussian policy");
        o.addProperty("hidden_layers", p.hiddenLayers());
        o.addProperty("hidden_width", p.hiddenWidth());
        o.addProperty("learning_rate", p.learningRate());
        o.addProperty("clip", p.clip());
        o.addProperty("gamma", p.gamma());
        o.addProperty("lambda", p.lambda());
        o.addProperty("entropy_coef", p.entropyCoef());
        o.addProperty("value_coef", p.valueCoef());
        o.addProperty("epochs", p.epochs());
        o.addProperty("minibatch", p.minibatch());
        o.addProperty("initial_log_std", p.initialLogStd());
        o.addProperty("iterations", plan.iterations());
        o.addProperty("episodes", plan.episodes());
        o.addProperty("steps", plan.steps());
        o.addProperty("reward_scale", plan.rewardScale());
        o.addProperty("seed", plan.seed());
        return o;
    }

    private static TrainingPlan readPlan(Reader in, JsonObject o) {
        PpoConfig p = new PpoConfig(in.integer(o, "hidden_layers"), in.integer(o, "hidden_width"),
                in.number(o, "learning_rate"), in.number(o, "clip"), in.number(o, "gamma"), in.number(o, "lambda"),
                in.number(o, "entropy_coef"), in.number(o, "value_coef"), in.integer(o, "epochs"),
                in.integer(o, "minibatch"), in.number(o, "initial_log_std"));
        return new TrainingPlan(p, in.integer(o, "iterations"), in.integer(o, "episodes"), in.integer(o, "steps"),
                in.number(o, "reward_scale"), in.field(o, "seed").getAsLong());
    }

    private static JsonObject provenance(Provenance p) {
        JsonObject o = new JsonObject();
        o.addProperty("data", p.data());
        o.addProperty("train_from", p.trainFrom());
        o.addProperty("train_to", p.trainTo());
        o.addProperty("valid_to", p.validTo());
        o.addProperty("device", p.device());
        o.addProperty("seconds", p.seconds());
        JsonObject results = new JsonObject();
        p.results().forEach((k, v) -> results.addProperty(k, Double.isFinite(v) ? v : null));
        o.add("results", results);
        return o;
    }

    private static Provenance readProvenance(Reader in, JsonObject o) {
        Map<String, Double> results = new LinkedHashMap<>();
        in.object(o, "results").entrySet().forEach(e -> results.put(e.getKey(),
                e.getValue().isJsonNull() ? Double.NaN : e.getValue().getAsDouble()));
        return new Provenance(in.string(o, "data"), in.string(o, "train_from"), in.string(o, "train_to"),
                in.string(o, "valid_to"), in.string(o, "device"), in.number(o, "seconds"), results);
    }

    private static JsonObject mlp(MlpWeights w) {
        JsonObject o = new JsonObject();
        JsonArray sizes = new JsonArray();
        w.sizes().forEach(sizes::add);
        o.add("sizes", sizes);
        JsonArray layers = new JsonArray();
        for (int l = 0; l < w.weights().size(); l++) {
            JsonObject layer = new JsonObject();
            layer.add("weight", numbers(w.weights().get(l)));
            layer.add("bias", numbers(w.biases().get(l)));
            layers.add(layer);
        }
        o.addProperty("layout", "y = x W + b per layer, W row-major [inputs][outputs], tanh between layers");
        o.add("layers", layers);
        return o;
    }

    private static MlpWeights readMlp(Reader in, JsonObject policy, String key) {
        JsonObject o = in.object(policy, key);
        List<Integer> sizes = new ArrayList<>();
        for (JsonElement e : in.array(o, "sizes")) {
            sizes.add(e.getAsInt());
        }
        List<double[]> weights = new ArrayList<>();
        List<double[]> biases = new ArrayList<>();
        for (JsonElement e : in.array(o, "layers")) {
            JsonObject layer = in.asObject(e, key + ".layers[]");
            weights.add(in.numbers(layer, "weight"));
            biases.add(in.numbers(layer, "bias"));
        }
        return new MlpWeights(sizes, weights, biases);
    }

    private static JsonArray numbers(double[] values) {
        JsonArray a = new JsonArray(values.length);
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    /** Field access that names the file and the field in every error. */
    private record Reader(String file) {
        IllegalArgumentException fail(String message) {
            return new IllegalArgumentException(file + ": " + message);
        }

        JsonElement field(JsonObject o, String key) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) {
                throw fail("missing \"" + key + "\"");
            }
            return e;
        }

        JsonObject object(JsonObject o, String key) {
            return asObject(field(o, key), key);
        }

        JsonObject asObject(JsonElement e, String what) {
            if (!e.isJsonObject()) {
                throw fail("\"" + what + "\" is not an object");
            }
            return e.getAsJsonObject();
        }

        JsonArray array(JsonObject o, String key) {
            JsonElement e = field(o, key);
            if (!e.isJsonArray()) {
                throw fail("\"" + key + "\" is not an array");
            }
            return e.getAsJsonArray();
        }

        String string(JsonObject o, String key) {
            return field(o, key).getAsString();
        }

        double number(JsonObject o, String key) {
            return field(o, key).getAsDouble();
        }

        int integer(JsonObject o, String key) {
            return field(o, key).getAsInt();
        }

        double[] numbers(JsonObject o, String key) {
            JsonArray a = array(o, key);
            double[] v = new double[a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = a.get(i).getAsDouble();
            }
            return v;
        }
    }
}
