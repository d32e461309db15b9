package io.quarry.jobs.stream;

import java.io.DataInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess;
import org.apache.flink.runtime.state.filesystem.FsCompletedCheckpointStorageLocation;

/**
 * Restoring the streaming job from a savepoint (docs/STREAMING.md, "Savepoints and upgrades"): the path
 * is checked before anything starts, so a wrong one is a message, not a job that fails to start.
 */
public final class Savepoints {

    private Savepoints() {
    }

    /**
     * Checks that {@code path} holds a savepoint (or a retained checkpoint) whose metadata reads back: a
     * directory with a {@code _metadata} file, or that file, on any file system Flink reaches from here.
     *
     * @return the savepoint's qualified location, which {@link #restoreFrom} takes
     * @throws IllegalArgumentException naming the path and what is wrong with it
     */
    public static String check(String path) {
        FsCompletedCheckpointStorageLocation location;
        try {
            location = AbstractFsCheckpointStorageAccess.resolveCheckpointPointer(path);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("savepoint not found: " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("savepoint " + path + " cannot be opened: " + e.getMessage());
        }
        try (DataInputStream in = new DataInputStream(location.getMetadataHandle().openInputStream())) {
            Checkpoints.loadCheckpointMetadata(in, Savepoints.class.getClassLoader(), location.getExternalPointer());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("savepoint " + path + " cannot be read (" + location.getMetadataHandle()
                    .getFilePath() + "): " + e.getMessage());
        }
        return location.getExternalPointer();
    }

    /** {@code conf}, changed so that the job it starts restores from {@code location} (see {@link #check}). */
    public static Configuration restoreFrom(Configuration conf, String location) {
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, location);
        return conf;
    }
}
