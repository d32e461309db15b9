package io.quarry.jobs.stream;

/**
 * The last ICs of one alpha, a ring of {@code ics.length} slots.
 *
 * @param ics   the slots
 * @param count slots filled (at most {@code ics.length})
 * @param next  the slot the next IC goes to
 */
public record IcRing(double[] ics, int count, int next) {

    static IcRing empty(int window) {
        return new IcRing(new double[window], 0, 0);
    }

    IcRing add(double ic) {
        double[] copy = ics.clone();
        copy[next] = ic;
        return new IcRing(copy, Math.min(count + 1, ics.length), (next + 1) % ics.length);
    }

    double mean() {
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += ics[i];
        }
        return sum / count;
    }
}
