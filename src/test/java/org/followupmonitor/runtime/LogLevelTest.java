package org.followupmonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogLevelTest {
    private static final String BROKER = LogLevel.PREFIX + "log." + LogLevel.BROKER_APPEND_ERRORS;
    private static final String OWN = LogLevel.PREFIX + "log.org.followupmonitor";
    private static final String KAFKA = LogLevel.PREFIX + "log.org.apache.kafka";

    @AfterEach
    void backToTheDefault() {
        LogLevel.DEFAULT.apply();
    }

    @Test
    void theBrokersRejectedAppendsAreSilentUnlessDiagnosing() {
        LogLevel.WARN.apply();
        assertThat(System.getProperty(BROKER)).isEqualTo("off");
        assertThat(System.getProperty(OWN)).isEqualTo("warn");
        assertThat(System.getProperty(KAFKA)).isEqualTo("error");
        LogLevel.INFO.apply();
        assertThat(System.getProperty(BROKER)).isEqualTo("off");
        assertThat(System.getProperty(KAFKA)).isEqualTo("warn");
        LogLevel.DEBUG.apply();
        assertThat(System.getProperty(BROKER)).isEqualTo("debug");
        assertThat(System.getProperty(KAFKA)).isEqualTo("debug");
    }

    @Test
    void kafkasEchoesOfARecoveryAreSilentUnlessDiagnosing() {
        assertThat(LogLevel.RECOVERY_ECHOES).hasSize(3);
        for (String logger : LogLevel.RECOVERY_ECHOES) {
            String key = LogLevel.PREFIX + "log." + logger;
            LogLevel.ERROR.apply();
            assertThat(System.getProperty(key)).isEqualTo("off");
            LogLevel.INFO.apply();
            assertThat(System.getProperty(key)).isEqualTo("off");
            LogLevel.TRACE.apply();
            assertThat(System.getProperty(key)).isEqualTo("trace");
        }
    }

    @Test
    void parsesTheLevelsByName() {
        assertThat(LogLevel.parse(" Info ")).isEqualTo(LogLevel.INFO);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogLevel.parse("loud"))
                .hasMessage("'loud' is not a log level; use error, warn, info, debug or trace");
    }
}
