package org.followupmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code validate} end to end on the committed examples, run in-process through picocli. */
class ValidateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void reportsTheCsvExamplesCountsFlagsAndRejectedLines() {
        int code = run("validate", "--input", "examples/registry-example.csv");
        String text = out.toString();
        assertThat(code).isZero();
        assertThat(text).contains("Records: 26 read, 24 accepted, 2 rejected")
                .contains("Unknown columns (ignored): notes")
                .contains("Patients: 24 (erased: 0)")
                .contains("Events: 139")
                .containsPattern("diagnosis\\s+24\\n")
                .containsPattern("therapy\\s+48\\n")
                .containsPattern("os-by-arm\\s+subjects\\s+21, excluded\\s+3\\n")
                .containsPattern("dfs-by-arm\\s+subjects\\s+20, excluded\\s+4\\n")
                .containsPattern("RECURRENCE_BEFORE_ORIGIN\\s+1\\n")
                .containsPattern("EVENT_AFTER_DEATH\\s+1\\n")
                .containsPattern("DEATH_BEFORE_DIAGNOSIS\\s+1\\n")
                .containsPattern("NO_ORIGIN_EVENT\\s+1\\n")
                .contains("examples/registry-example.csv:25: grade: 7 is outside 1-3")
                .contains("examples/registry-example.csv:26: diagnosis_date: '2018-13-45' is not a date yyyy-mm-dd");
        assertThat(text).doesNotContainPattern("P0[0-9][0-9]");
    }

    @Test
    void reportsTheJsonLinesExampleWithItsRetractionAndErasure() {
        int code = run("validate", "--input", "examples/events-example.jsonl", "--strict");
        String text = out.toString();
        assertThat(code).isZero();
        assertThat(text).contains("Records: 17 read, 17 accepted, 0 rejected").contains("Patients: 3 (erased: 1)")
                .containsPattern("retraction\\s+1\\n").containsPattern("erasure\\s+1\\n")
                // X01 operated; X02 never operated and alive (its death was retracted); X03 erased.
                .containsPattern("os-by-arm\\s+subjects\\s+2, excluded\\s+1\\n")
                .containsPattern("EMPTY_TIMELINE\\s+1  \\(by design\\)");
        assertThat(text).doesNotContain("X01", "X02", "X03");
    }

    @Test
    void strictExitsNonZeroWhenLinesAreRejected() {
        assertThat(run("validate", "--input", "examples/registry-example.csv", "--strict"))
                .isEqualTo(ExitCode.REJECTED_LINES.code());
        assertThat(err.toString()).contains("2 rejected line(s) and --strict is set");
    }

    @Test
    void aMissingFileIsAClearErrorWithNonZeroExit() {
        assertThat(run("validate", "--input", "examples/nope.csv")).isEqualTo(ExitCode.UNUSABLE.code());
        assertThat(err.toString()).contains("examples/nope.csv: file not found");
    }

    @Test
    void aBadConfigIsReportedWithItsFieldPath(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("a.yaml"),
                "analyses: [{name: a, endpoint: overall-survival, origin: surgey}]\n");
        assertThat(run("validate", "--input", "examples/registry-example.csv", "--config", config.toString()))
                .isEqualTo(ExitCode.UNUSABLE.code());
        assertThat(err.toString()).contains("analyses[0].origin: unknown value 'surgey'");
    }

    @Test
    void aCustomConfigAndPseudonymisationAreApplied(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("a.yaml"),
                "analyses: [{name: os-dx, endpoint: overall-survival, origin: diagnosis, groupBy: site}]\n");
        int code = run("validate", "--input", "examples/registry-example.csv", "--config", config.toString(),
                "--pseudonymize-key", "k");
        assertThat(code).isZero();
        assertThat(out.toString()).containsPattern("os-dx\\s+subjects\\s+22, excluded\\s+2\\n")
                .contains("Patients: 24");
    }
}
