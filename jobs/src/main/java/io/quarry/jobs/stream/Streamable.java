package io.quarry.jobs.stream;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.parse.Definition;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Whether the job can evaluate an alpha: an alpha (not a label) that reads only fields the bars carry
 * ({@code open high low close volume} and the declared extra fields) or that Quarry derives from them
 * ({@code returns vwap adv{d}}), with a lookback the retained bars cover.
 */
public final class Streamable {

    private static final Set<String> CARRIED = Set.of("open", "high", "low", "close", "volume", "returns", "vwap");
    private static final Pattern ADV = Pattern.compile("adv[1-9][0-9]*");

    private Streamable() {
    }

    /** Why the alpha cannot be streamed, or empty when it can. */
    public static Optional<String> problem(CheckedAlpha alpha, Set<String> extraFields, int retainedBars) {
        if (alpha.kind() != Definition.Kind.ALPHA) {
            return Optional.of(alpha.name() + " is a label: labels look ahead and cannot be streamed");
        }
        Set<String> missing = new TreeSet<>();
        for (String field : alpha.fields()) {
            if (!CARRIED.contains(field) && !ADV.matcher(field).matches() && !extraFields.contains(field)) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            return Optional.of(alpha.name() + " reads " + String.join(", ", missing)
                    + ", which the bars do not carry");
        }
        if (alpha.lookback() > retainedBars) {
            return Optional.of(alpha.name() + " needs " + alpha.lookback() + " bars of history; the job retains "
                    + retainedBars);
        }
        return Optional.empty();
    }
}
