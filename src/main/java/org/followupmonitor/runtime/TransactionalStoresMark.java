package org.followupmonitor.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Keeps a state directory written without transactional stores from being used with them.
 *
 * <p>With {@code enable.transactional.statestores} a task whose store holds no changelog offsets replays its
 * changelog over what the store holds instead of wiping it (KIP-892), which is right for a store that only ever
 * received committed writes. A store left by a build (or a run with the setting off) that wrote without them may hold
 * writes of a transaction that was aborted when that process was killed, and a replay would not remove a key only such
 * a write set. So an application's state directory is used with transactional stores only when a mark beside it says
 * it was written with them; otherwise it is wiped once before the start (the stores are then restored from their
 * changelogs, as every restart after {@code kill -9} did before) and marked. A run with the setting off removes the
 * mark, so a later run with it on wipes again.
 */
final class TransactionalStoresMark {
    private TransactionalStoresMark() {}

    /** What the check did, for the log line. */
    enum Outcome { WIPED, KEPT, NOT_TRANSACTIONAL }

    /**
     * @param wipe deletes the application's local state ({@code KafkaStreams.cleanUp()}, before {@code start()})
     */
    static Outcome prepare(Properties streams, Runnable wipe) {
        String applicationId = streams.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        Path stateDir = Path.of(streams.getProperty(StreamsConfig.STATE_DIR_CONFIG));
        Path mark = stateDir.resolve(applicationId + ".transactional-stores");
        Object setting = streams.get(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG);
        try {
            if (setting == null || !Boolean.parseBoolean(setting.toString().trim())) {
                Files.deleteIfExists(mark);
                return Outcome.NOT_TRANSACTIONAL;
            }
            if (Files.exists(mark)) {
                return Outcome.KEPT;
            }
            Outcome outcome = Outcome.KEPT;
            if (Files.isDirectory(stateDir.resolve(applicationId))) {
                wipe.run();
                outcome = Outcome.WIPED;
            }
            Files.createDirectories(stateDir);
            Files.writeString(mark, "the stores of " + applicationId + " here were written with "
                    + StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG + "=true\n");
            return outcome;
        } catch (IOException e) {
            throw new StartupException("--state-dir " + stateDir, "cannot keep the mark " + mark.getFileName()
                    + " of transactional stores there (" + e.getMessage() + ")");
        }
    }
}
