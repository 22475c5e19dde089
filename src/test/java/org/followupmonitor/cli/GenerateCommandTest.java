package org.followupmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.followupmonitor.synthetic.StudyCohortEvents;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {

    @Test
    void writesTheSeededCohortToTheFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sub/cohort.csv");
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Main()).setErr(new PrintWriter(err))
                .execute("generate", "--patients", "60", "--seed", "5", "--out", out.toString());
        assertThat(code).isZero();
        String expected = new StudyCohortGenerator(StudyCohortParameters.study(5).withPatients(60)).toCsv();
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(err.toString()).contains("wrote 60 patients").doesNotContain("SYN-");
    }

    @Test
    void writesTheCohortAsJsonLinesWithFollowUpContacts(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cohort.jsonl");
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Main()).setErr(new PrintWriter(err)).execute("generate", "--patients", "40",
                "--seed", "5", "--format", "jsonl", "--out", out.toString());
        assertThat(code).isZero();
        StringWriter expected = new StringWriter();
        StudyCohortEvents.writeJsonLines(StudyCohortParameters.study(5).withPatients(40), expected);
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(expected.toString())
                .contains("\"type\":\"follow-up\"");
        assertThat(err.toString()).contains("wrote 40 patients").doesNotContain("SYN-");
        StringWriter bad = new StringWriter();
        assertThat(new CommandLine(new Main()).setErr(new PrintWriter(bad)).execute("generate", "--format", "xml"))
                .isEqualTo(2);
        assertThat(bad.toString()).contains("--format").contains("xml");
    }

    @Test
    void rejectsAnInvalidSizeWithAMessage(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Main()).setErr(new PrintWriter(err))
                .execute("generate", "--patients", "0", "--out", dir.resolve("x.csv").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("patients must be between 1");
        assertThat(dir.resolve("x.csv")).doesNotExist();
    }
}
