package io.quarry.jobs.stream;

import java.io.Serializable;
import java.util.List;

/**
 * The job's Kafka topics.
 *
 * @param bars        input bars ({@link io.quarry.connectors.kafka.BarJson})
 * @param control     input {@code .alpha} submissions and removals
 * @param values      alpha values, key = symbol
 * @param signal      the combined signal, key = symbol
 * @param ic          live IC per alpha, key = alpha
 * @param weights     the PPO weights per timestamp when a weighting model is active, key = time
 * @param status      what became of each control message
 * @param deadLetters refused records with the reason
 */
public record Topics(String bars, String control, String values, String signal, String ic, String weights,
                     String status, String deadLetters) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** {@code PREFIX.bars}, {@code PREFIX.control}, ... */
    public static Topics withPrefix(String prefix) {
        return new Topics(prefix + ".bars", prefix + ".control", prefix + ".values", prefix + ".signal",
                prefix + ".ic", prefix + ".weights", prefix + ".status", prefix + ".deadletters");
    }

    public List<String> all() {
        return List.of(bars, control, values, signal, ic, weights, status, deadLetters);
    }
}
