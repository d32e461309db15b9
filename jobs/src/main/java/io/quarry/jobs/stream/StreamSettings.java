package io.quarry.jobs.stream;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the streaming job is built from; immutable and serializable (it travels with the job's
 * functions).
 *
 * @param bootstrap           Kafka bootstrap servers
 * @param topics              the topics
 * @param alphaGroups         how many alpha groups (keys of the evaluating operator): alphas are spread
 *                            over them by name; at least the parallelism for the work to spread
 * @param parallelism         the job's parallelism
 * @param outOfOrdernessMs    how far behind the newest bar a bar may arrive (watermark bound)
 * @param allowedLatenessMs   how long after the watermark passes a timestamp its cross-section is still
 *                            held open; a bar arriving after that is a dead letter
 * @param idleTimeoutMs       a partition quiet this long closes its pending cross-sections (quiet markets);
 *                            0: never (input that ends closes them all)
 * @param checkpointMs        checkpoint interval; values become visible to read_committed readers then
 * @param retainedBars        cross-sections each evaluator keeps for warming up alphas added later
 * @param icWindow            cross-sections in the rolling live IC
 * @param groups              sector table for {@code indneutralize}: symbol to its levels, and how many levels
 * @param groupLevels         levels of the sector table (0 when there is none)
 * @param extraFields         bar fields beyond the standard ones that alphas may read
 * @param barsEnd             per partition, the offset where the bars input ends; null: it never ends
 * @param controlEnd          the same for the control topic
 * @param initialAlphas       the alphas the job starts with: {@code .alpha} text (control messages change
 *                            the set from there)
 * @param transactionalPrefix transactional id prefix of the exactly-once sink (unique per job)
 * @param failAfterBars       recovery drills: the first attempt fails after this many bars (0: never)
 * @param weightingModel      the text of a PPO weighting model file ({@code quarry weights train}) that weights
 *                            the combined signal; null: equal weights of ranks
 */
public record StreamSettings(String bootstrap, Topics topics, int alphaGroups, int parallelism,
                             long outOfOrdernessMs, long allowedLatenessMs, long idleTimeoutMs, long checkpointMs,
                             int retainedBars, int icWindow, Map<String, List<String>> groups, int groupLevels,
                             Set<String> extraFields, Map<Integer, Long> barsEnd, Map<Integer, Long> controlEnd,
                             String initialAlphas, String transactionalPrefix, long failAfterBars,
                             String weightingModel) implements Serializable {

    private static final long serialVersionUID = 1L;

    public StreamSettings {
        if (alphaGroups < 1 || parallelism < 1) {
            throw new IllegalArgumentException("alpha groups and parallelism must be >= 1");
        }
        if (outOfOrdernessMs < 0 || allowedLatenessMs < 0 || idleTimeoutMs < 0 || checkpointMs < 1) {
            throw new IllegalArgumentException("out-of-orderness, allowed lateness and idle timeout must be >= 0 ms, "
                    + "the checkpoint interval >= 1 ms");
        }
        if (retainedBars < 1 || icWindow < 1) {
            throw new IllegalArgumentException("retained bars and the IC window must be >= 1");
        }
        groups = Map.copyOf(groups);
        extraFields = Set.copyOf(extraFields);
        barsEnd = barsEnd == null ? null : Map.copyOf(barsEnd);
        controlEnd = controlEnd == null ? null : Map.copyOf(controlEnd);
    }

    /** Settings with equal weights of ranks for the combined signal. */
    public StreamSettings(String bootstrap, Topics topics, int alphaGroups, int parallelism, long outOfOrdernessMs,
                          long allowedLatenessMs, long idleTimeoutMs, long checkpointMs, int retainedBars, int icWindow,
                          Map<String, List<String>> groups, int groupLevels, Set<String> extraFields,
                          Map<Integer, Long> barsEnd, Map<Integer, Long> controlEnd, String initialAlphas,
                          String transactionalPrefix, long failAfterBars) {
        this(bootstrap, topics, alphaGroups, parallelism, outOfOrdernessMs, allowedLatenessMs, idleTimeoutMs,
                checkpointMs, retainedBars, icWindow, groups, groupLevels, extraFields, barsEnd, controlEnd, initialAlphas,
                transactionalPrefix, failAfterBars, null);
    }

    /** Defaults for a job reading {@code topics} on {@code bootstrap}; change fields with the withers. */
    public static StreamSettings defaults(String bootstrap, Topics topics) {
        return new StreamSettings(bootstrap, topics, 2, 2, 0, 0, 2_000, 1_000, 512, 20, Map.of(), 0, Set.of(),
                null, null, "", "quarry-stream", 0, null);
    }

    public StreamSettings withParallelism(int alphaGroups, int parallelism) {
        return new StreamSettings(bootstrap, topics, alphaGroups, parallelism, outOfOrdernessMs, allowedLatenessMs,
                idleTimeoutMs, checkpointMs, retainedBars, icWindow, groups, groupLevels, extraFields, barsEnd,
                controlEnd, initialAlphas, transactionalPrefix, failAfterBars, weightingModel);
    }

    public StreamSettings withTiming(long outOfOrdernessMs, long allowedLatenessMs, long idleTimeoutMs, long checkpointMs) {
        return new StreamSettings(bootstrap, topics, alphaGroups, parallelism, outOfOrdernessMs, allowedLatenessMs,
                idleTimeoutMs, checkpointMs, retainedBars, icWindow, groups, groupLevels, extraFields, barsEnd,
                controlEnd, initialAlphas, transactionalPrefix, failAfterBars, weightingModel);
    }

    public StreamSettings withEvaluation(int retainedBars, int icWindow, Map<String, List<String>> groups,
                                         int groupLevels, Set<String> extraFields) {
        return new StreamSettings(bootstrap, topics, alphaGroups, parallelism, outOfOrdernessMs, allowedLatenessMs,
                idleTimeoutMs, checkpointMs, retainedBars, icWindow, groups, groupLevels, extraFields, barsEnd,
                controlEnd, initialAlphas, transactionalPrefix, failAfterBars, weightingModel);
    }

    public StreamSettings withEnds(Map<Integer, Long> barsEnd, Map<Integer, Long> controlEnd) {
        return new StreamSettings(bootstrap, topics, alphaGroups, parallelism, outOfOrdernessMs, allowedLatenessMs,
                idleTimeoutMs, checkpointMs, retainedBars, icWindow, groups, groupLevels, extraFields, barsEnd,
                controlEnd, initialAlphas, transactionalPrefix, failAfterBars, weightingModel);
    }

    public StreamSettings withInitialAlphas(String initialAlphas) {
        return new StreamSettings(bootstrap, topics, alphaGroups, parallelism, outOfOrdernessMs, allowedLatenessMs,
                idleTimeoutMs, checkpointMs, retainedBars, icWindow, groups, groupLevels, extraFields, barsEnd,
                controlEnd, initialAlphas, transactionalPrefix, failAfterBars, weightingModel);
    }

    public StreamSettings withRecoveryDrill(String transactionalPrefix, long failAfterBars) {
        return new StreamSettings(bootstrap, topics, alphaGroups, parallelism, outOfOrdernessMs, allowedLatenessMs,
                idleTimeoutMs, checkpointMs, retainedBars, icWindow, groups, groupLevels, extraFields, barsEnd,
                controlEnd, initialAlphas, transactionalPrefix, failAfterBars, weightingModel);
    }

    /** @param weightingModel the text of a PPO weighting model file; null: equal weights of ranks */
    public StreamSettings withWeightingModel(String weightingModel) {
        return new StreamSettings(bootstrap, topics, alphaGroups, parallelism, outOfOrdernessMs, allowedLatenessMs,
                idleTimeoutMs, checkpointMs, retainedBars, icWindow, groups, groupLevels, extraFields, barsEnd,
                controlEnd, initialAlphas, transactionalPrefix, failAfterBars, weightingModel);
    }
}
