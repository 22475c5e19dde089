package org.followupmonitor.cli;

import org.followupmonitor.runtime.LogLevel;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Mixin: {@code --log-level}, on every command. Applied while the command line is parsed, before any library
 * creates a logger (slf4j-simple reads levels then; see {@link LogLevel}).
 */
final class LoggingOptions {
    LogLevel level = LogLevel.DEFAULT;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "warn", converter = LevelConverter.class,
            description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}); below debug, Kafka's own "
                    + "loggers stay one level quieter.")
    void level(LogLevel level) {
        this.level = level;
        level.apply();
    }

    /** {@code --log-level} by name, any case. */
    static final class LevelConverter implements ITypeConverter<LogLevel> {
        @Override
        public LogLevel convert(String value) {
            try {
                return LogLevel.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
