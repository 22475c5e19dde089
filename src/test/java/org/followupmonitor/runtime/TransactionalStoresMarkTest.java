package org.followupmonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionalStoresMarkTest {
    @TempDir
    Path stateDir;

    private final AtomicInteger wipes = new AtomicInteger();

    private Properties streams(Object transactional) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        if (transactional != null) {
            p.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, transactional);
        }
        return p;
    }

    private TransactionalStoresMark.Outcome prepare(Object transactional) {
        return TransactionalStoresMark.prepare(streams(transactional), wipes::incrementAndGet);
    }

    @Test
    void aFirstStartWithTransactionalStoresWipesNothingAndMarksTheDirectory() {
        assertThat(prepare(true)).isEqualTo(TransactionalStoresMark.Outcome.KEPT);
        assertThat(wipes).hasValue(0);
        assertThat(stateDir.resolve("app.transactional-stores")).exists();
        // The stores now written are transactional: the next start keeps them.
        assertThat(prepare(true)).isEqualTo(TransactionalStoresMark.Outcome.KEPT);
        assertThat(wipes).hasValue(0);
    }

    @Test
    void storesLeftByARunWithoutTransactionalStoresAreWipedOnceBeforeTheirFirstUseWithThem() throws Exception {
        assertThat(prepare(null)).isEqualTo(TransactionalStoresMark.Outcome.NOT_TRANSACTIONAL);
        Files.createDirectories(stateDir.resolve("app").resolve("0_0"));

        assertThat(prepare("true")).isEqualTo(TransactionalStoresMark.Outcome.WIPED);
        assertThat(wipes).hasValue(1);
        assertThat(prepare(true)).isEqualTo(TransactionalStoresMark.Outcome.KEPT);
        assertThat(wipes).hasValue(1);
    }

    @Test
    void aRunWithThemOffRemovesTheMarkSoThatTheNextRunWithThemOnWipesAgain() throws Exception {
        Files.createDirectories(stateDir.resolve("app").resolve("0_0"));
        prepare(true);
        assertThat(wipes).hasValue(1);

        assertThat(prepare("false")).isEqualTo(TransactionalStoresMark.Outcome.NOT_TRANSACTIONAL);
        assertThat(stateDir.resolve("app.transactional-stores")).doesNotExist();
        assertThat(wipes).hasValue(1);

        assertThat(prepare(true)).isEqualTo(TransactionalStoresMark.Outcome.WIPED);
        assertThat(wipes).hasValue(2);
    }

    @Test
    void theMarkIsPerApplicationId() throws Exception {
        Files.createDirectories(stateDir.resolve("app").resolve("0_0"));
        Files.createDirectories(stateDir.resolve("app-release").resolve("0_0"));
        prepare(true);
        Properties release = streams(true);
        release.put(StreamsConfig.APPLICATION_ID_CONFIG, "app-release");

        assertThat(TransactionalStoresMark.prepare(release, wipes::incrementAndGet))
                .isEqualTo(TransactionalStoresMark.Outcome.WIPED);
        assertThat(wipes).hasValue(2);
    }

    @Test
    void aMarkThatCannotBeWrittenStopsTheStartWithOneLineNamingTheDirectory() throws Exception {
        Path notADirectory = stateDir.resolve("file");
        Files.writeString(notADirectory, "x");
        Properties p = streams(true);
        p.put(StreamsConfig.STATE_DIR_CONFIG, notADirectory.toString());

        assertThatThrownBy(() -> TransactionalStoresMark.prepare(p, wipes::incrementAndGet))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("--state-dir " + notADirectory + ": ")
                .hasMessageNotContaining("\n");
    }
}
