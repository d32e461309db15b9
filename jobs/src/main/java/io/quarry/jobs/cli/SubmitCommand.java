package io.quarry.jobs.cli;

import io.quarry.connectors.kafka.ControlTopic;
import io.quarry.connectors.kafka.StreamJson;
import io.quarry.connectors.kafka.TopicReader;
import io.quarry.connectors.kafka.TopicWatch;
import io.quarry.jobs.stream.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code quarry submit}: adds (or replaces) the alphas of a {@code .alpha} file in a running stream job,
 * or removes alphas, and prints what the job answered on its status topic.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Add or replace the alphas of a .alpha file in a running 'quarry stream' job (or remove",
                "alphas with --remove) and wait for the job's answer: exit 0 accepted, 2 rejected (each error",
                "located), 1 no answer in time."})
final class SubmitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The .alpha file to add.")
    Path file;

    @Option(names = "--remove", split = ",", paramLabel = "NAME", description = "Alphas to remove instead.")
    List<String> remove;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic-prefix", defaultValue = "quarry", paramLabel = "NAME", description = "The job's topic prefix; default ${DEFAULT-VALUE}.")
    String prefix;

    @Option(names = "--wait", defaultValue = "30", paramLabel = "SECONDS", description = "How long to wait for the answer; default ${DEFAULT-VALUE}.")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        if ((file == null) == (remove == null)) {
            throw CliFailure.badInput("give a .alpha FILE to add, or --remove NAME[,NAME...]");
        }
        Topics topics = Topics.withPrefix(prefix);
        Map<Integer, Long> from = TopicReader.endOffsets(bootstrap, topics.status());
        String source;
        if (file != null) {
            String text;
            try {
                text = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw CliFailure.badInput("alpha file not found: " + file);
            }
            source = file.toString();
            ControlTopic.submit(bootstrap, topics.control(), source, text);
        } else {
            source = "remove " + String.join(",", remove);
            ControlTopic.remove(bootstrap, topics.control(), source, remove);
        }
        byte[] answer = TopicWatch.await(bootstrap, topics.status(), from,
                v -> StreamJson.status(v).source().equals(source), Duration.ofSeconds(waitSeconds));
        if (answer == null) {
            throw new CliFailure(ExitCode.FAILED, "no answer from the job on " + topics.status() + " within "
                    + waitSeconds + " s (is 'quarry stream' running with --topic-prefix " + prefix + "?)");
        }
        StreamJson.Status status = StreamJson.status(answer);
        PrintWriter out = spec.commandLine().getOut();
        out.println(source + ": " + status.status() + (status.alphas().isEmpty() ? "" : ": " + String.join(", ", status.alphas())));
        status.errors().forEach(spec.commandLine().getErr()::println);
        return status.status().equals("rejected") ? ExitCode.BAD_INPUT : ExitCode.OK;
    }
}
