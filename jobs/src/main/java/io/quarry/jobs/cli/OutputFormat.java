package io.quarry.jobs.cli;

/** {@code --format}: a readable table or machine-readable JSON. */
enum OutputFormat {
    text, json
}
