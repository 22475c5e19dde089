package org.followupmonitor.cli;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.followupmonitor.events.file.RegistryImporter;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Mixin: how a registry file is read, for every command that reads one ({@link InputOptions}, {@code demo
 * --replay}): its character encoding and the import's reference date.
 */
final class ReadOptions {
    /** The encodings a registry export comes in; each reads every line break and ASCII character alike. */
    static final List<Charset> ENCODINGS = List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1,
            Charset.forName("windows-1252"));

    @Option(names = "--encoding", paramLabel = "CHARSET", converter = EncodingConverter.class,
            description = "Character encoding of the file: UTF-8, ISO-8859-1 or windows-1252 (default: "
                    + "${DEFAULT-VALUE}).")
    Charset encoding = StandardCharsets.UTF_8;

    @Option(names = "--as-of", paramLabel = "yyyy-mm-dd", converter = DateConverter.class,
            description = "The import's reference date: a patient with a date after it is flagged DATE_AFTER_AS_OF "
                    + "(validate lists the lines) and left out of the analyses (default: today).")
    LocalDate asOf;

    /** The reference date: {@code --as-of}, or today. */
    LocalDate asOf() {
        return asOf != null ? asOf : LocalDate.now();
    }

    /** The importer's options with this encoding and reference date. */
    RegistryImporter.Options importerOptions(boolean strict, Optional<String> pseudonymizeKey) {
        return new RegistryImporter.Options(strict, pseudonymizeKey, encoding, asOf());
    }

    /** {@code --encoding}: one of {@link #ENCODINGS}, by any of its names ({@code latin1}, {@code cp1252} …). */
    static final class EncodingConverter implements ITypeConverter<Charset> {
        @Override
        public Charset convert(String value) {
            Charset c;
            try {
                c = Charset.forName(value.trim());
            } catch (IllegalArgumentException e) {
                c = null;
            }
            if (c == null || !ENCODINGS.contains(c)) {
                throw new TypeConversionException("'" + value + "' is not a supported encoding; use UTF-8, "
                        + "ISO-8859-1 or windows-1252");
            }
            return c;
        }
    }

    /** A date written yyyy-mm-dd. */
    static final class DateConverter implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a date yyyy-mm-dd");
            }
        }
    }
}
