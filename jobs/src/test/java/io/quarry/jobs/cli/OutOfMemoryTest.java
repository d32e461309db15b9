package io.quarry.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that runs out of heap, in a JVM of its own as a user runs it: it says so, with the heap
 * it had and how to give it more, and exits with 1; no stack trace.
 */
class OutOfMemoryTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCommandOutOfHeapSaysHowToGiveItMore() throws Exception {
        // 48 MB: the JVM and the command start, the shared panel's bars do not fit.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms16m", "-Xmx48m", "-cp", System.getProperty("java.class.path"), QuarryCli.class.getName(),
                "eval", "--data", SharedData.file("sp500_2013_2016.csv.gz").toString(),
                "--alphas", SharedData.file("wq101.txt").toString(), "--out", dir.resolve("values.arrow").toString())
                .redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(printed).isEqualTo(1);
        assertThat(printed).containsPattern("error: quarry eval ran out of memory in a heap of \\d+ MB; give the JVM "
                + "more, e\\.g\\. QUARRY_JAVA_OPTS=-Xmx1g").doesNotContain("\tat ");
    }
}
