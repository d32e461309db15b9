package io.quarry.dsl.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared market data ({@code shared/data} beside the repository) for tests: the folder
 * named by the system property or environment variable {@code QUARRY_SHARED_DATA}, else the first
 * {@code shared/data} found walking up from the working directory.
 */
public final class SharedData {

    private SharedData() {
    }

    public static Path dir() {
        String configured = System.getProperty("QUARRY_SHARED_DATA", System.getenv("QUARRY_SHARED_DATA"));
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/data not found above " + Path.of("").toAbsolutePath()
                + "; set QUARRY_SHARED_DATA");
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }

    /** The repository root (the folder holding {@code alphas/}). */
    public static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("alphas")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }
}
