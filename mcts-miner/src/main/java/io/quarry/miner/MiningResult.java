package io.quarry.miner;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a mining run found and how it went.
 *
 * @param method         the search method ({@code mcts}, ...), or {@code fixed} for a pool fitted from given alphas
 * @param seed           its seed (the first search's; search i of several used seed + i)
 * @param searches       searches run side by side whose shortlists the selection merged ({@code --parallelism})
 * @param fields         the data fields the searches used ({@code --fields})
 * @param windows        the window lengths the searches used ({@code --windows})
 * @param budget         the evaluation budget
 * @param evaluations    candidates evaluated (at most the budget)
 * @param proposals      formulas proposed (duplicates and rejected ones included)
 * @param trainRange     first and last training day
 * @param validRange     first and last valid day
 * @param testRange      first and last test day, or empty without a test range ({@code --test-to})
 * @param alphas         the selected pool
 * @param searchTrainIc  the IC on the training range of the pool the search itself built
 * @param trainIc        the selected pool's IC on the training range
 * @param trainRankIc    its RankIC on the training range
 * @param validIc        its IC on the valid range (weights from the training range)
 * @param validRankIc    its RankIC on the valid range
 * @param testIc         its IC on the test range (weights from the training range), NaN without one
 * @param testRankIc     its RankIC on the test range, NaN without one
 * @param searchSeconds  wall time of the search (without the final selection)
 * @param totalSeconds   wall time of the whole run
 * @param notes          what the run could not do as asked (no network), candidates the selection left out and why
 */
public record MiningResult(String method, long seed, int searches, List<String> fields, List<Integer> windows,
                           int budget, int evaluations, long proposals, List<String> trainRange,
                           List<String> validRange, List<String> testRange, List<MinedAlpha> alphas,
                           double searchTrainIc, double trainIc, double trainRankIc, double validIc,
                           double validRankIc, double testIc, double testRankIc, double searchSeconds,
                           double totalSeconds, List<String> notes) {

    /** The method of a pool fitted from given alphas without a search. */
    public static final String FITTED = "fixed";

    public MiningResult {
        fields = List.copyOf(fields);
        windows = List.copyOf(windows);
        trainRange = List.copyOf(trainRange);
        validRange = List.copyOf(validRange);
        testRange = List.copyOf(testRange);
        alphas = List.copyOf(alphas);
        notes = List.copyOf(notes);
    }

    /** This result with the pool's scores on a test range; {@code alphas} are its members with theirs. */
    MiningResult tested(List<String> range, List<MinedAlpha> alphas, double ic, double rankIc) {
        return new MiningResult(method, seed, searches, fields, windows, budget, evaluations, proposals, trainRange,
                validRange, range, alphas, searchTrainIc, trainIc, trainRankIc, validIc, validRankIc, ic, rankIc,
                searchSeconds, totalSeconds, notes);
    }

    /** Whether this is a given set of alphas fitted without a search ({@code --alphas}). */
    private boolean isFitted() {
        return method.equals(FITTED);
    }

    /** Whether the pool was scored on a test range after the valid one. */
    public boolean hasTest() {
        return !testRange.isEmpty();
    }

    /** Candidate evaluations per second of search. */
    public double evaluationsPerSecond() {
        return searchSeconds > 0 ? evaluations / searchSeconds : Double.NaN;
    }

    /**
     * The pool as a {@code .alpha} file: a header (the options that mine it again, in process or on a
     * cluster: both give this file), then per alpha a comment with its weight and scores and its
     * definition. Timings are left out, so the same run writes the same file. A run that ended before
     * its budget (stopped, or its search space exhausted) says how far it got: "N of the budget's M
     * evaluations". With a test range, its days and scores follow the valid ones.
     */
    public String toAlphaFile() {
        StringBuilder b = new StringBuilder();
        b.append(isFitted() ? "# pool chosen and fitted by quarry mine --alphas (no search)\n"
                : "# mined by quarry mine --method " + method + " --budget " + budget + " --seed " + seed
                        + " --parallelism " + searches
                        + (fields.equals(Vocabulary.FIELDS) ? "" : " --fields " + String.join(",", fields))
                        + (windows.equals(Vocabulary.WINDOWS) ? ""
                        : " --windows " + windows.stream().map(String::valueOf).collect(Collectors.joining(","))) + "\n");
        b.append("# train ").append(trainRange.get(0)).append(" .. ").append(trainRange.get(1))
                .append(", valid ").append(validRange.get(0)).append(" .. ").append(validRange.get(1))
                .append(hasTest() ? ", test " + testRange.get(0) + " .. " + testRange.get(1) : "")
                .append("; label: next-day return; ").append(evaluations)
                .append(evaluations < budget ? " of the budget's " + budget + " evaluations\n" : " evaluations\n");
        b.append(String.format(Locale.ROOT, "# pool of %d: train IC %s RankIC %s, valid IC %s RankIC %s%s%n",
                alphas.size(), num(trainIc), num(trainRankIc), num(validIc), num(validRankIc),
                hasTest() ? ", test IC " + num(testIc) + " RankIC " + num(testRankIc) : ""));
        for (MinedAlpha a : alphas) {
            b.append(String.format(Locale.ROOT, "%n# weight %s; train IC %s RankIC %s; valid IC %s RankIC %s%s%n",
                    num(a.weight()), num(a.trainIc()), num(a.trainRankIc()), num(a.validIc()), num(a.validRankIc()),
                    hasTest() ? "; test IC " + num(a.testIc()) + " RankIC " + num(a.testRankIc()) : ""));
            b.append(a.alpha().toDefinitionLine()).append('\n');
        }
        return b.toString();
    }

    /** One line: method, evaluations and speed (or, for a fitted set, its size), the pool's size and scores. */
    public String summary() {
        String run = isFitted() ? String.format(Locale.ROOT, "fixed: %d alphas fitted in %.1f s", evaluations, totalSeconds)
                : String.format(Locale.ROOT, "%s%s: %d evaluations in %.1f s (%.0f/s)", method,
                        searches > 1 ? " x" + searches : "", evaluations, searchSeconds, evaluationsPerSecond());
        return String.format(Locale.ROOT, "%s; pool of %d: valid IC %.4f RankIC %.4f, train IC %.4f%s", run,
                alphas.size(), validIc, validRankIc, trainIc,
                hasTest() ? String.format(Locale.ROOT, "; test IC %.4f RankIC %.4f", testIc, testRankIc) : "");
    }

    /** A JSON summary (timings included), ending with the run's notes; test scores only with a test range. */
    public String toJson() {
        StringBuilder b = new StringBuilder("{");
        b.append("\"method\":\"").append(method).append("\",\"seed\":").append(seed)
                .append(",\"budget\":").append(budget).append(",\"evaluations\":").append(evaluations)
                .append(",\"proposals\":").append(proposals)
                .append(",\"train\":[\"").append(trainRange.get(0)).append("\",\"").append(trainRange.get(1)).append("\"]")
                .append(",\"valid\":[\"").append(validRange.get(0)).append("\",\"").append(validRange.get(1)).append("\"]")
                .append(hasTest() ? ",\"test\":[\"" + testRange.get(0) + "\",\"" + testRange.get(1) + "\"]" : "")
                .append(",\"pool\":{\"train_ic\":").append(json(trainIc)).append(",\"train_rank_ic\":")
                .append(json(trainRankIc)).append(",\"valid_ic\":").append(json(validIc))
                .append(",\"valid_rank_ic\":").append(json(validRankIc))
                .append(hasTest() ? ",\"test_ic\":" + json(testIc) + ",\"test_rank_ic\":" + json(testRankIc) : "")
                .append(",\"search_train_ic\":")
                .append(json(searchTrainIc)).append('}')
                .append(",\"search_seconds\":").append(json(searchSeconds)).append(",\"total_seconds\":")
                .append(json(totalSeconds)).append(",\"evaluations_per_second\":").append(json(evaluationsPerSecond()))
                .append(",\"alphas\":[");
        for (int i = 0; i < alphas.size(); i++) {
            MinedAlpha a = alphas.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":\"").append(a.alpha().name()).append("\",\"formula\":\"")
                    .append(escaped(a.alpha().canonicalText()))
                    .append("\",\"weight\":").append(json(a.weight())).append(",\"train_ic\":").append(json(a.trainIc()))
                    .append(",\"train_rank_ic\":").append(json(a.trainRankIc())).append(",\"valid_ic\":")
                    .append(json(a.validIc())).append(",\"valid_rank_ic\":").append(json(a.validRankIc()))
                    .append(hasTest() ? ",\"test_ic\":" + json(a.testIc()) + ",\"test_rank_ic\":" + json(a.testRankIc())
                            : "")
                    .append('}');
        }
        b.append("],\"notes\":[");
        for (int i = 0; i < notes.size(); i++) {
            b.append(i == 0 ? "\"" : ",\"").append(escaped(notes.get(i))).append('"');
        }
        return b.append("]}").toString();
    }

    /** {@code text} as the inside of a JSON string. */
    private static String escaped(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String json(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }
}
