package io.quarry.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in headless Chromium (Debian's {@code chromium} package): no console error, no
 * network request from the page, and the charts render. Skipped where Chromium is not installed.
 */
class ReportBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Headless, and the browser's own background traffic (updates, sync, accounts) switched off. */
    private static final List<String> HEADLESS = List.of("--headless", "--disable-gpu", "--no-sandbox",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check");

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeReport() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
                + ": skipping the report's browser checks (install it with: apt-get install -y chromium)");
        new ReportWriter().write(ReportWriterTest.smallRun(), dir);
    }

    private static String page() {
        return dir.resolve(ReportWriter.INDEX).toUri().toString();
    }

    /** Runs Chromium with the arguments; returns its stdout; stderr goes to {@code err}. */
    private static String chromium(Path err, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(CHROMIUM.toString());
        command.addAll(HEADLESS);
        command.add("--user-data-dir=" + dir.resolve("profile"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish in 120 s: " + command);
        }
        assertThat(process.exitValue()).as("Chromium's exit code; stderr:%n%s", Files.readString(err)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Test
    void opensWithoutConsoleErrorsOrNetworkRequests() throws Exception {
        String html = Files.readString(dir.resolve(ReportWriter.INDEX));
        assertThat(ReportWriterTest.EXTERNAL.matcher(html).find()).as("an external reference in the page").isFalse();
        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=\\s*['\"]?https?:");
        Path err = dir.resolve("dom.err");
        Path netLog = dir.resolve("net.json");
        String dom = chromium(err, "--enable-logging=stderr", "--v=0", "--log-net-log=" + netLog, "--dump-dom",
                page());
        // The page script ran to its end (it marks the table), and nothing was logged to the console.
        assertThat(dom).contains("data-sortable=\"ready\"").contains("combined_equal");
        List<String> console = Files.readAllLines(err).stream().filter(l -> l.contains(":CONSOLE")).toList();
        assertThat(console).as("console messages").isEmpty();
        // Requests the page made have an initiator (its opaque file origin, "null"); the browser's
        // own say "not an origin". The page made none.
        Matcher request = Pattern.compile("\"initiator\":\"([^\"]*)\"[^{}]*?\"url\":\"([^\"]*)\"")
                .matcher(Files.readString(netLog));
        List<String> fromPage = new ArrayList<>();
        while (request.find()) {
            if (!request.group(1).equals("not an origin")) {
                fromPage.add(request.group(2));
            }
        }
        assertThat(fromPage).as("network requests made by the page").isEmpty();
    }

    @Test
    void chartsRender() throws Exception {
        Path shot = dir.resolve("report.png");
        chromium(dir.resolve("shot.err"), "--screenshot=" + shot, "--window-size=1400,2000", page());
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(2000);
        // The first charted section's four charts are in view: each has a colour nothing else in the
        // page uses (the net curve, the RankIC bars, the quantile bars, the IC decay bars).
        for (Color color : List.of(Charts.NET, Charts.RANK_IC, Charts.QUANTILE, Charts.DECAY, Charts.DRAWDOWN)) {
            assertThat(pixelsNear(image, color)).as("pixels of %s", color).isGreaterThan(300);
        }
        // And the page is not blank: plenty of ink and of distinct colours.
        int ink = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                ink += brightness(rgb) < 200 ? 1 : 0;
            }
        }
        assertThat(ink).isGreaterThan(image.getWidth() * image.getHeight() / 50);
        assertThat(colours.size()).isGreaterThan(200);
    }

    private static int pixelsNear(BufferedImage image, Color color) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xff) - color.getRed()) < 24
                        && Math.abs(((rgb >> 8) & 0xff) - color.getGreen()) < 24
                        && Math.abs((rgb & 0xff) - color.getBlue()) < 24) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int brightness(int rgb) {
        return (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
    }
}
