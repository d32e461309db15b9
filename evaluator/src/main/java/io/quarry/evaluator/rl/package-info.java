/**
 * Generic proximal policy optimisation (Schulman et al. 2017) on DJL, for every learner of Quarry:
 * generalised advantage estimation ({@link io.quarry.evaluator.rl.Gae}), the clipped surrogate
 * objective ({@link io.quarry.evaluator.rl.PpoLoss}), diagonal Gaussian log-probabilities and
 * entropy ({@link io.quarry.evaluator.rl.DiagonalGaussian}), small tanh MLPs
 * ({@link io.quarry.evaluator.rl.Mlp}, their parameters as values in
 * {@link io.quarry.evaluator.rl.MlpWeights}) and a Gaussian actor-critic trained by Adam
 * ({@link io.quarry.evaluator.rl.GaussianActorCritic}).
 *
 * <p>All arithmetic is float64, on the first GPU when the engine sees one and on the CPU otherwise.
 * Every random draw (initial weights, minibatch order, exploration noise) comes from a seeded
 * {@link java.util.SplittableRandom} the caller owns, so a seeded run on the CPU repeats exactly.
 */
package io.quarry.evaluator.rl;
