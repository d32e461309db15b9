package io.quarry.miner;

/**
 * A fixed-size encoding of a partial formula for the networks: one-hot of each of the last
 * {@value #HISTORY} tokens, the count of each token kind so far, the stack's size (one-hot, capped)
 * and the kinds of its top three entries, and how much of the length is used.
 */
final class StateEncoder {

    static final int HISTORY = 4;
    private static final int KINDS = Token.Kind.values().length;
    private static final int STACK_SIZES = 8;
    private static final int TOP = 3;

    private StateEncoder() {
    }

    static int features(Vocabulary vocabulary) {
        return HISTORY * vocabulary.size() + KINDS + STACK_SIZES + TOP * 3 + 1;
    }

    static float[] encode(RpnState state) {
        Vocabulary v = state.vocabulary();
        float[] x = new float[features(v)];
        int[] actions = state.actions();
        for (int h = 0; h < HISTORY && h < actions.length; h++) {
            x[h * v.size() + actions[actions.length - 1 - h]] = 1;
        }
        int base = HISTORY * v.size();
        for (int a : actions) {
            x[base + v.get(a).kind().ordinal()] += 1f / state.maxLength();
        }
        base += KINDS;
        x[base + Math.min(state.stackSize(), STACK_SIZES - 1)] = 1;
        base += STACK_SIZES;
        for (int d = 0; d < TOP && d < state.stackSize(); d++) {
            x[base + 3 * d + state.peek(d)] = 1;
        }
        base += 3 * TOP;
        x[base] = (float) state.length() / state.maxLength();
        return x;
    }
}
