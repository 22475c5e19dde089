package org.followupmonitor.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The incidence tables of a real {@code analyze --format markdown} report of the bundled example: their column heads
 * state each shown group's patients and events by cause, which {@link PublishedFiles} reads and checks against the
 * JSON of the same run; a report without that JSON, or with another run's, is refused instead of audited without
 * them.
 */
class PublishedFilesIncidenceTest {
    private static final Path EXAMPLE = Path.of("examples/study-cohort.csv");
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.loadDefault().analyses();

    @TempDir
    static Path dir;
    private static Path markdown;
    private static Path json;

    @BeforeAll
    static void analyze() throws Exception {
        markdown = Files.writeString(dir.resolve("report.md"), analyze("markdown"));
        json = Files.writeString(dir.resolve("report.json"), analyze("json"));
    }

    private static String analyze(String format) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("analyze", "--input", EXAMPLE.toString(), "--as-of", "2026-01-01", "--format", format))
                .isZero();
        return out.toString();
    }

    @Test
    void theHeadsOfTheIncidenceTablesAreRead() throws Exception {
        List<PublishedFiles.Incidence> tables = PublishedFiles.incidence(markdown, Files.readString(markdown));
        assertThat(tables).extracting(PublishedFiles.Incidence::analysis)
                .containsExactly("recurrence-competing-by-arm", "recurrence-competing-by-subtype");
        PublishedFiles.Incidence byArm = tables.get(0);
        assertThat(byArm.patients()).isEqualTo(Map.of("no-surgery", 184L, "surgery", 237L));
        assertThat(byArm.events().get("no-surgery")).isEqualTo(Map.of("recurrence", 6L, "death", 45L));
        assertThat(byArm.events().get("surgery")).isEqualTo(Map.of("recurrence", 10L, "death", 36L));
        // The withheld subtypes (luminal-a, her2-enriched) state no counts in their heads.
        assertThat(tables.get(1).patients()).containsOnlyKeys("luminal-b", "luminal-b-her2", "triple-negative");
        assertThat(tables.get(1).where()).startsWith(markdown + ":");
    }

    @Test
    void withTheJsonOfTheSameRunTheReportIsOneReleaseThatPassesTheAudit() throws Exception {
        List<Release> read = PublishedFiles.read(List.of(List.of(markdown, json)), ANALYSES);
        assertThat(read).hasSize(1);
        assertThat(read.get(0).table1()).isNotNull();
        assertThat(PrivacyAudit.audit(read.get(0), 11).narrowed()).isEmpty();
    }

    @Test
    void withoutTheJsonTheReportIsRefusedRatherThanAuditedWithoutItsIncidenceCounts() {
        assertThatThrownBy(() -> PublishedFiles.read(List.of(List.of(markdown)), ANALYSES))
                .isInstanceOf(PublishedFiles.UnreadableException.class)
                .hasMessageStartingWith(markdown + ":")
                .hasMessageContaining("recurrence-competing-by-arm")
                .hasMessageContaining("give the JSON of the same run");
    }

    @Test
    void aReportWhoseIncidenceCountsDifferFromTheJsonIsRefused() throws Exception {
        String text = Files.readString(markdown);
        assertThat(text).contains("no-surgery (n=184, 6 recurrences, 45 deaths)");
        Path other = Files.writeString(dir.resolve("other.md"),
                text.replace("no-surgery (n=184, 6 recurrences, 45 deaths)", "no-surgery (n=184, 6 recurrences, 44 deaths)"));
        assertThatThrownBy(() -> PublishedFiles.read(List.of(List.of(other, json)), ANALYSES))
                .isInstanceOf(PublishedFiles.UnreadableException.class)
                .hasMessageContaining("group 'no-surgery'")
                .hasMessageContaining("not the same run");
    }
}
