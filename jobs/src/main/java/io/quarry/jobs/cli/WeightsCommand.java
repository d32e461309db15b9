package io.quarry.jobs.cli;

import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import io.quarry.evaluator.weighting.TrainingPlan;
import io.quarry.evaluator.weighting.WeightingModel;
import io.quarry.evaluator.weighting.WeightingSpec;
import io.quarry.evaluator.weighting.WeightingTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry weights}: PPO policies that move the weights of a pool's alphas day by day. */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = {"PPO weighting of alphas (docs/WEIGHTING.md). Subcommands: train."},
        subcommands = {WeightsCommand.Train.class})
final class WeightsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.BAD_INPUT;
    }

    /** {@code quarry weights train}. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Train a PPO policy that weights the alphas of a .alpha file day by day, on the data up to",
                    "--train-to; measure it against equal weights on the training days and on the validation days",
                    "after them (up to --valid-to); write the model file that `backtest --combine ppo --model` reads.",
                    "Seeded runs on the CPU repeat exactly."})
    static final class Train implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "FILE",
                description = "Bars in long format: CSV, CSV.gz or Arrow IPC.")
        Path data;

        @Option(names = "--groups", paramLabel = "FILE", description = "symbol,sector[,...] CSV for indneutralize.")
        Path groups;

        @Option(names = "--alphas", required = true, paramLabel = "FILE",
                description = "The .alpha file: its alphas, at most " + WeightingModel.MAX_ALPHAS + ", are the policy's.")
        Path alphas;

        @Option(names = "--train-to", required = true, paramLabel = "DATE",
                description = "Last training date (training starts with the data).")
        String trainTo;

        @Option(names = "--valid-to", paramLabel = "DATE",
                description = "Last validation date (validation starts after --train-to); default: the end of the data.")
        String validTo;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed; default ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--iterations", defaultValue = "150", paramLabel = "N",
                description = "PPO rounds of 8 episodes of 64 days; default ${DEFAULT-VALUE}.")
        int iterations;

        @Option(names = "--mode", defaultValue = "cross-sectional", paramLabel = "cross-sectional|single-asset",
                converter = ModeConverter.class,
                description = "Trade the long-short book of the combined signal, or one stock (--symbol) as the PPO "
                        + "weighting paper does; default ${DEFAULT-VALUE}.")
        WeightingSpec.Mode mode;

        @Option(names = "--symbol", paramLabel = "S", description = "The stock of --mode single-asset.")
        String symbol;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The model file to write.")
        Path out;

        @Option(names = "--timing", description = "Print load, evaluate and train times to stderr.")
        boolean timing;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            WeightingSpec weightingSpec = weightingSpec();
            validateDate("--train-to", trainTo);
            if (validTo != null) {
                validateDate("--valid-to", validTo);
                if (validTo.compareTo(trainTo) < 0) {
                    throw CliFailure.badInput("--valid-to " + validTo + " is before --train-to " + trainTo);
                }
            }
            if (iterations < 1) {
                throw CliFailure.badInput("--iterations must be at least 1, got " + iterations);
            }
            Timer timer = new Timer(timing, err);
            Panel panel = BarsReader.read(data, groups == null ? Groups.none() : GroupsReader.read(groups));
            timer.lap("load " + data.getFileName() + " (" + panel.rows() + " rows x " + panel.symbolCount() + " symbols)");
            List<String> dates = panel.timestamps();
            int trainEnd = RowRange.of(dates, null, trainTo).to();
            int validEnd = validTo == null ? panel.rows() : RowRange.of(dates, null, validTo).to();
            CheckedFile file = AlphaFiles.load(alphas, panel.fieldNames(), err);
            List<CheckedAlpha> definitions = file.alphas();
            if (definitions.isEmpty()) {
                throw CliFailure.badInput(alphas + ": no alpha definitions to weight");
            }
            if (definitions.size() > WeightingModel.MAX_ALPHAS) {
                throw CliFailure.badInput(alphas + ": " + definitions.size() + " alphas; a policy weights at most "
                        + WeightingModel.MAX_ALPHAS + " (give it a pool, e.g. the miner's output)");
            }
            Evaluation evaluation = new BatchEvaluator().evaluate(panel, definitions);
            timer.lap("evaluate " + definitions.size() + " alphas");
            List<EvaluatedAlpha> failed = evaluation.failures();
            if (!failed.isEmpty()) {
                failed.forEach(a -> err.println(alphas + ": " + a.name() + ": " + a.error()));
                throw new CliFailure(ExitCode.FAILED, failed.size() + " alphas could not be evaluated; nothing trained");
            }
            List<WeightingModel.Alpha> names = evaluation.alphas().stream()
                    .map(a -> new WeightingModel.Alpha(a.name(), a.alpha().canonicalText())).toList();
            List<double[]> values = evaluation.alphas().stream().map(EvaluatedAlpha::values).toList();
            TrainingPlan plan = TrainingPlan.defaults(seed).withIterations(iterations);
            WeightingModel model;
            try {
                model = WeightingTrainer.train(weightingSpec, panel, data.getFileName().toString(), names, values,
                        trainEnd, validEnd, plan, p -> progress(err, p));
            } catch (IllegalArgumentException e) {
                throw CliFailure.badInput(e.getMessage());
            }
            timer.lap("train and measure");
            model.write(out);
            summary(spec.commandLine().getOut(), model);
            return ExitCode.OK;
        }

        /** Every tenth round on stderr: training takes a minute or more. */
        private static void progress(PrintWriter err, WeightingTrainer.Progress p) {
            if (p.iteration() % 10 == 0 || p.iteration() == p.iterations()) {
                err.printf(Locale.ROOT, "round %d/%d: mean reward %.5f, policy loss %.4f, value loss %.4f%n",
                        p.iteration(), p.iterations(), p.meanReward(), p.stats().policyLoss(), p.stats().valueLoss());
                err.flush();
            }
        }

        private WeightingSpec weightingSpec() {
            if (mode == WeightingSpec.Mode.SINGLE_ASSET) {
                if (symbol == null) {
                    throw CliFailure.badInput("--mode single-asset needs --symbol S");
                }
                return WeightingSpec.singleAsset(symbol);
            }
            if (symbol != null) {
                throw CliFailure.badInput("--symbol is only for --mode single-asset");
            }
            return WeightingSpec.crossSectional();
        }

        private static void validateDate(String option, String value) {
            try {
                LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw CliFailure.badInput(option + " '" + value + "' is not an ISO-8601 date (yyyy-MM-dd)");
            }
        }

        private void summary(PrintWriter stdout, WeightingModel model) {
            WeightingModel.Provenance p = model.provenance();
            Map<String, Double> r = p.results();
            stdout.printf(Locale.ROOT, "trained a %s PPO policy over %d alphas in %.1f s on %s (seed %d)%n",
                    model.spec().mode().label(), model.alphas().size(), p.seconds(), p.device(), model.plan().seed());
            for (String range : List.of("train", "valid")) {
                if (!r.containsKey(range + "_ppo_days")) {
                    continue;
                }
                String dates = range.equals("train") ? p.trainFrom() + " .. " + p.trainTo()
                        : "after " + p.trainTo() + " .. " + p.validTo();
                stdout.printf(Locale.ROOT, "  %s (%s, %.0f days): ppo ann. return %7.2f%% Sharpe %5.2f | equal weights "
                                + "%7.2f%% Sharpe %5.2f%n", range, dates, r.get(range + "_ppo_days"),
                        100 * r.get(range + "_ppo_annual_return"), r.get(range + "_ppo_sharpe"),
                        100 * r.get(range + "_equal_annual_return"), r.get(range + "_equal_sharpe"));
            }
            stdout.printf("wrote %s%n", out);
            stdout.flush();
        }
    }

    /** {@code cross-sectional} / {@code single-asset}. */
    static final class ModeConverter implements picocli.CommandLine.ITypeConverter<WeightingSpec.Mode> {
        @Override
        public WeightingSpec.Mode convert(String value) {
            return WeightingSpec.Mode.of(value);
        }
    }
}
