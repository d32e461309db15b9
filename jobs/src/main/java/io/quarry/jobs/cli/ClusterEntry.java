package io.quarry.jobs.cli;

import java.util.Arrays;

/**
 * The entry class of the job jar on a Flink cluster (the Kubernetes operator's application mode,
 * {@code flink run -c}): runs a {@code quarry} command line like {@link QuarryCli#main} but never calls
 * {@link System#exit}, which there would end the JobManager's JVM along with the jobs it just submitted.
 * A failed command throws instead, so that Flink reports the application as failed.
 */
public final class ClusterEntry {

    private ClusterEntry() {
    }

    public static void main(String[] args) {
        int code = QuarryCli.run(args, System.out, System.err);
        if (code != ExitCode.OK) {
            throw new IllegalStateException("quarry " + String.join(" ", Arrays.asList(args)) + " exited with " + code);
        }
    }
}
