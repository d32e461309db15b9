package io.quarry.jobs.stream;

/**
 * A record of the control topic as the source hands it on.
 *
 * @param op     {@code add} or {@code remove}; null when the record could not be read
 * @param source the submission's name (its file), for the status topic
 * @param text   the {@code .alpha} text to add
 * @param alphas the names to remove
 * @param error  why the record could not be read, else null
 */
public record ControlRecord(String op, String source, String text, String[] alphas, String error) {
}
