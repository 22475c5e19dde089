package org.followupmonitor.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The statistics must stay pure (JDK + Commons Math) so they can be checked against R
 * without a broker and reused by batch and streaming alike. This reads the sources as text,
 * so it needs no bytecode library.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/org/followupmonitor");
    private static final Pattern FORBIDDEN_IN_SURVIVAL = Pattern.compile(
            "^import\\s+(static\\s+)?(org\\.apache\\.kafka|org\\.apache\\.avro|com\\.fasterxml|java\\.net|java\\.io"
                    + "|java\\.nio|com\\.sun\\.net|org\\.followupmonitor\\.(?!survival))",
            Pattern.MULTILINE);

    @Test
    void survivalPackageImportsNoKafkaAvroJacksonIoOrOtherProjectPackages() throws IOException {
        Path survival = MAIN.resolve("survival");
        List<String> offenders = javaFiles(survival).stream()
                .filter(f -> FORBIDDEN_IN_SURVIVAL.matcher(read(f)).find())
                .map(Path::toString)
                .toList();
        assertThat(offenders).as("survival/ must depend only on the JDK and Commons Math").isEmpty();
    }

    @Test
    void onlyMainCallsSystemExit() throws IOException {
        List<String> offenders = javaFiles(MAIN).stream()
                .filter(f -> read(f).contains("System.exit("))
                .map(p -> MAIN.relativize(p).toString())
                .filter(p -> !p.equals("cli/Main.java"))
                .toList();
        assertThat(offenders).isEmpty();
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p, e);
        }
    }
}
