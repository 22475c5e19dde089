package org.followupmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.followupmonitor.runtime.DirectoryLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input a user can give, through the real command line ({@link Main#commandLine()}): the exit code, and
 * one line on standard error that names the file, line, field, option or port, with no exception class, no stack
 * trace and no patient id. Reproductions of issue 15 and of the errors earlier issues promised.
 */
class CliErrorMatrixTest {
    @TempDir
    static Path dir;
    /** Ports held by this test, so that a command finds them taken. */
    private static ServerSocket takenAny;
    private static ServerSocket takenLoopback;
    private static DirectoryLock heldState;
    private static Path heldStateDir;

    private static final String HEADER = "patient_id,site,diagnosis_date,surgery_date,last_contact_date";

    @BeforeAll
    static void files() throws IOException {
        Files.createDirectories(dir.resolve("a-directory"));
        Files.write(dir.resolve("latin1.csv"), (HEADER + "\nP001,khi,2016-01-01,,2017-01-01\nP002,Zürich,2016-01-01,,\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        Files.write(dir.resolve("utf16.csv"), ("\uFEFF" + HEADER + "\nP001,khi,2016-01-01,,\n")
                .getBytes(StandardCharsets.UTF_16LE));
        byte[] garbage = new byte[512];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (0x81 + 37 * i);
        }
        Files.write(dir.resolve("garbage.dat"), garbage);
        Files.writeString(dir.resolve("semicolon.csv"), HEADER.replace(',', ';') + "\nP001;khi;2016-01-01;;\n");
        Files.writeString(dir.resolve("header-only.csv"), HEADER + "\n");
        Files.writeString(dir.resolve("all-rejected.csv"), HEADER + "\nP001,khi,2016-13-01,,\nP002,khi,soon,,\n");
        Files.writeString(dir.resolve("bad.jsonl"), "{\"eventId\":\"e1\",\"patientId\":\"P001\",\"site\":\"s\"\n");
        Files.writeString(dir.resolve("tab.yaml"), "analyses:\n  - name: a\n    endpoint: overall-survival\n"
                + "\torigin: index\n");
        Files.writeString(dir.resolve("two-problems.yaml"), "analyses:\n  - name: a\n    endpoint: overall-survival\n"
                + "    origin: surgey\n    milestonesDays: [730, 365]\n");
        Files.writeString(dir.resolve("enum.yaml"), "analyses: [{name: x, endpoint: overall-survival, origin: surgey}]\n");
        Files.writeString(dir.resolve("ok.csv"), HEADER + "\nP001,khi,2016-01-01,2016-02-01,2017-01-01\n");
        takenAny = new ServerSocket();
        takenAny.bind(new InetSocketAddress(0));
        takenLoopback = new ServerSocket();
        takenLoopback.bind(new InetSocketAddress(InetAddress.getByName("localhost"), 0));
        heldStateDir = dir.resolve("held-state");
        // What a running instance holds: the lock of its application id in its state directory.
        heldState = DirectoryLock.acquire(heldStateDir, "followup-monitor.lock", "--state-dir", "test");
    }

    /** Each case and the line it printed, written to target/cli-error-lines.txt for a person to read. */
    private static final List<String> PRINTED = new ArrayList<>();

    @AfterAll
    static void release() throws IOException {
        takenAny.close();
        takenLoopback.close();
        heldState.close();
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "cli-error-lines.txt"), PRINTED);
    }

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String f(String name) {
        return dir.resolve(name).toString();
    }

    /** Options that keep a run off the user's directories and free of a real Kafka; {@code more} replaces them. */
    private static List<String> runArgs(String... more) {
        return with(List.of("run", "--bootstrap", "localhost:1", "--registry", "http://localhost:1", "--state-dir",
                dir.resolve("state").toString(), "--http-port", "0", "--startup-timeout", "1s"), more);
    }

    private static List<String> demoArgs(String... more) {
        return with(List.of("demo", "--data-dir", dir.resolve("demo").toString(), "--kafka-port", "0",
                "--registry-port", "0", "--http-port", "0"), more);
    }

    /** {@code base} with each option of {@code pairs} (option, value, …) set: replaced where present, else added. */
    private static List<String> with(List<String> base, String... pairs) {
        List<String> args = new ArrayList<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            int at = args.indexOf(pairs[i]);
            if (at >= 0) {
                args.set(at + 1, pairs[i + 1]);
            } else {
                args.add(pairs[i]);
                args.add(pairs[i + 1]);
            }
        }
        return args;
    }

    static Stream<Arguments> badInputs() {
        int anyPort = takenAny.getLocalPort();
        int loopbackPort = takenLoopback.getLocalPort();
        return Stream.of(
                // issue 15: files
                Arguments.of("analyze on a directory", List.of("analyze", "--input", f("a-directory")), 2,
                        "--input " + f("a-directory") + ": is a directory"),
                Arguments.of("analyze on a missing file", List.of("analyze", "--input", f("nope.csv")), 2,
                        "nope.csv: file not found"),
                Arguments.of("Latin-1 read as UTF-8", List.of("analyze", "--input", f("latin1.csv")), 2,
                        "latin1.csv:3: byte 0xFC at byte offset"),
                Arguments.of("Latin-1, validate", List.of("validate", "--input", f("latin1.csv")), 2,
                        "--encoding ISO-8859-1"),
                Arguments.of("UTF-16", List.of("analyze", "--input", f("utf16.csv")), 2, "UTF-16 byte-order mark"),
                Arguments.of("binary garbage", List.of("validate", "--input", f("garbage.dat")), 2,
                        "garbage.dat:1: byte 0x81 at byte offset 0"),
                Arguments.of("an unknown encoding", List.of("analyze", "--input", f("ok.csv"), "--encoding", "klingon"),
                        2, "--encoding"),
                Arguments.of("semicolons", List.of("analyze", "--input", f("semicolon.csv")), 2,
                        "semicolon.csv:1: header: the columns are separated by ';'"),
                Arguments.of("header only, analyze", List.of("analyze", "--input", f("header-only.csv")), 2,
                        "header-only.csv: no patients (the file has a header but no data rows)"),
                Arguments.of("header only, validate", List.of("validate", "--input", f("header-only.csv")), 2,
                        "no patients"),
                Arguments.of("header only, load", List.of("load", "--input", f("header-only.csv"), "--bootstrap",
                        "localhost:1", "--registry", "http://localhost:1"), 2, "no patients"),
                Arguments.of("header only, demo --replay", demoArgs("--replay", f("header-only.csv")), 2,
                        "no patients"),
                Arguments.of("every line rejected", List.of("analyze", "--input", f("all-rejected.csv")), 2,
                        "all 2 line(s) were rejected"),
                Arguments.of("JSON Lines syntax, strict", List.of("analyze", "--input", f("bad.jsonl"), "--strict"), 1,
                        "bad.jsonl:1: (record): not valid JSON at column 46: the line ends before the JSON object"),
                Arguments.of("a bad --as-of", List.of("validate", "--input", f("ok.csv"), "--as-of", "31/12/2024"), 2,
                        "'31/12/2024' is not a date yyyy-mm-dd"),
                Arguments.of("generate into a directory", List.of("generate", "--out", f("a-directory")), 2,
                        "--out " + f("a-directory") + ": is a directory"),
                // issue 15: analyses files
                Arguments.of("a tab in the YAML", List.of("analyze", "--input", f("ok.csv"), "--config", f("tab.yaml")),
                        2, "not valid YAML at line 4, column 1: a tab character"),
                Arguments.of("two problems in one analysis", List.of("validate", "--input", f("ok.csv"), "--config",
                        f("two-problems.yaml")), 2, "analyses[0].origin: unknown value 'surgey'"),
                Arguments.of("two problems, the second", List.of("validate", "--input", f("ok.csv"), "--config",
                        f("two-problems.yaml")), 2, "analyses[0].milestonesDays[1]: must be larger than the one before"),
                // issue 15: busy ports and directories, bad start-up options
                Arguments.of("run on a taken --http-port", runArgs("--http-port", String.valueOf(anyPort)), 2,
                        "--http-port " + anyPort + ": port " + anyPort + " is already in use"),
                Arguments.of("run on a --state-dir in use", runArgs("--state-dir", heldStateDir.toString()), 2,
                        "--state-dir " + heldStateDir + ": in use by another running"),
                Arguments.of("demo on a taken --kafka-port", demoArgs("--kafka-port", String.valueOf(loopbackPort)), 2,
                        "--kafka-port " + loopbackPort + ": port " + loopbackPort + " is already in use"),
                Arguments.of("demo on a taken --registry-port", demoArgs("--registry-port",
                        String.valueOf(loopbackPort)), 2, "--registry-port " + loopbackPort),
                Arguments.of("demo on a taken --http-port", demoArgs("--http-port", String.valueOf(anyPort)), 2,
                        "--http-port " + anyPort),
                Arguments.of("broker on a taken --kafka-port", List.of("broker", "--kafka-port",
                        String.valueOf(loopbackPort), "--data-dir", f("broker")), 2, "--kafka-port " + loopbackPort),
                Arguments.of("an unknown bootstrap host", runArgs("--bootstrap", "no-such-host.invalid:9092"), 2,
                        "--bootstrap no-such-host.invalid:9092: cannot create a Kafka client"),
                Arguments.of("a bad --startup-timeout", runArgs("--startup-timeout", "soon"), 2,
                        "'soon' is not a duration"),
                Arguments.of("a bad --log-level", List.of("validate", "--input", f("ok.csv"), "--log-level", "loud"), 2,
                        "'loud' is not a log level"),
                Arguments.of("an unknown option", List.of("analyze", "--input", f("ok.csv"), "--fromat", "json"), 2,
                        "Unknown options: '--fromat'"),
                Arguments.of("a missing required option", List.of("load", "--input", f("ok.csv")), 2,
                        "Missing required options"),
                Arguments.of("an unknown command", List.of("analyse"), 2, "Unmatched argument"),
                // earlier issues
                Arguments.of("a bad config value", List.of("analyze", "--input", f("ok.csv"), "--config", f("enum.yaml")),
                        2, "analyses[0].origin: unknown value 'surgey'"),
                Arguments.of("a missing config", List.of("analyze", "--input", f("ok.csv"), "--config", f("no.yaml")), 2,
                        "--config " + f("no.yaml") + ": file not found"),
                Arguments.of("an unknown analysis", List.of("analyze", "--input", f("ok.csv"), "--analysis", "os-by-x"),
                        2, "unknown analysis 'os-by-x'; the configuration has: os-by-arm"),
                Arguments.of("a negative cell size", List.of("analyze", "--input", f("ok.csv"),
                        "--privacy-min-cell-size", "-1"), 2, "--privacy-min-cell-size -1: must be 0 (off) or more"),
                Arguments.of("an empty pseudonym key", List.of("validate", "--input", f("ok.csv"), "--pseudonymize-key",
                        ""), 2, "--pseudonymize-key: must not be empty"),
                Arguments.of("a --format that does not exist", List.of("analyze", "--input", f("ok.csv"), "--format",
                        "pdf"), 2, "--format"),
                Arguments.of("generate with no patients", List.of("generate", "--patients", "0", "--out", f("x.csv")), 2,
                        "--patients 0: patients must be between 1"),
                Arguments.of("a --seed without --shuffle", List.of("load", "--input", f("ok.csv"), "--bootstrap",
                        "localhost:1", "--registry", "http://localhost:1", "--seed", "5"), 2,
                        "--seed 5: only applies with --shuffle"),
                Arguments.of("a bad --speed", demoArgs("--speed", "fast"), 2, "--speed 'fast': not a number"),
                Arguments.of("a --kafka-property without =", List.of("load", "--input", f("ok.csv"), "--bootstrap",
                        "localhost:1", "--registry", "http://localhost:1", "--kafka-property", "sasl.jaas.config"),
                        2, "--kafka-property 'sasl.jaas.config': use key=value"),
                Arguments.of("a missing --kafka-config", runArgs("--kafka-config", f("client.properties")), 2,
                        "--kafka-config " + f("client.properties") + ": file not found"),
                Arguments.of("a weakened producer", List.of("load", "--input", f("ok.csv"), "--bootstrap",
                        "localhost:1", "--registry", "http://localhost:1", "--kafka-property", "acks=1"), 2, "acks=all"),
                Arguments.of("a --bootstrap without a port", runArgs("--bootstrap", "kafka"), 2,
                        "--bootstrap: must be host:port"),
                Arguments.of("a registry that is no URL", runArgs("--registry", "ftp://x"), 2,
                        "--registry: must be an http(s) URL"),
                Arguments.of("a bad guarantee", runArgs("--processing-guarantee", "maybe"), 2,
                        "--processing-guarantee: must be exactly_once_v2 or at_least_once"),
                Arguments.of("a zero debounce", runArgs("--debounce-ms", "0"), 2, "--debounce-ms: must be positive"),
                Arguments.of("no partitions", runArgs("--partitions", "0"), 2, "--partitions 0: must be 1 or more"),
                Arguments.of("demo --replay of a missing file", demoArgs("--replay", f("none.csv")), 2,
                        "--replay " + f("none.csv") + ": file not found"),
                Arguments.of("bench with no patients", List.of("bench", "--patients", "0"), 2,
                        "--patients must be 1..10000000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsOneLineWithTheExitCodeAndNoStackTrace(String what, List<String> args, int exit, String expected) {
        Run r = run(args.toArray(String[]::new));
        assertThat(r.exit()).as(what + ": " + r.err()).isEqualTo(exit);
        List<String> errLines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(errLines).as(what).hasSize(1);
        String line = errLines.get(0);
        PRINTED.add(what + " (exit " + r.exit() + "):\n    " + line.replace(dir.toString(), "$TMP"));
        String command = Main.commandLine().getSubcommands().containsKey(args.get(0)) ? args.get(0)
                : "followup-monitor";
        assertThat(line).as(what).startsWith(command + ": ").contains(expected)
                .doesNotContain("Exception").doesNotContain("at org.").doesNotContain("P001").doesNotContain("P002");
        assertThat(r.out()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void strictValidationPrintsTheReportAndOneErrorLine() {
        Run r = run("validate", "--input", "examples/registry-example.csv", "--strict");
        assertThat(r.exit()).isEqualTo(ExitCode.REJECTED_LINES.code());
        assertThat(r.err().lines().toList()).containsExactly("validate: 2 rejected line(s) and --strict is set");
        assertThat(r.out()).contains("Rejected lines: 2");
    }

    @Test
    void noCommandPrintsTheUsageAndExits2() {
        Run r = run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Usage: followup-monitor").contains("analyze").contains("Exit codes:");
        assertThat(r.out()).isEmpty();
    }
}
