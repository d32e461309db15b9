package io.quarry.miner;

import io.quarry.dsl.check.CheckedAlpha;

/**
 * A member of the mined pool.
 *
 * @param alpha       the checked formula, named {@code mined_01}, ...
 * @param weight      its weight in the pool, fitted on the training range
 * @param trainIc     its own IC on the training range
 * @param trainRankIc its own RankIC on the training range
 * @param validIc     its own IC on the valid range
 * @param validRankIc its own RankIC on the valid range
 * @param testIc      its own IC on the test range, NaN without one
 * @param testRankIc  its own RankIC on the test range, NaN without one
 */
public record MinedAlpha(CheckedAlpha alpha, double weight, double trainIc, double trainRankIc, double validIc,
                         double validRankIc, double testIc, double testRankIc) {

    /** This member with its scores on a test range. */
    MinedAlpha tested(double ic, double rankIc) {
        return new MinedAlpha(alpha, weight, trainIc, trainRankIc, validIc, validRankIc, ic, rankIc);
    }
}
