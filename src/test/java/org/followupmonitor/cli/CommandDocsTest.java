package org.followupmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README, {@code --help} and the code say the same: the command table lists every command with the line its
 * help shows, every default the README documents is the one {@code --help} shows, and every default {@code --help}
 * shows is the one the command uses.
 */
class CommandDocsTest {
    private static final Path README = Path.of("README.md");
    /** A documented default: {@code `--option ARG` (default X)}, X ending at ';', ',' or ')'. */
    private static final Pattern CLAIM = Pattern.compile("`(--[a-z0-9-]+)(?: [^`]*)?`\\s*\\(default:?\\s+([^);,]*)");
    private static final Pattern HELP_DEFAULT = Pattern.compile("\\(default:?\\s+([^);,]*)");
    /** Which commands each README section documents (a section not listed here must not document a default). */
    private static final Map<String, List<String>> SECTIONS = Map.of(
            "## Fresh machine: two commands", List.of("demo"),
            "## Commands", List.of("demo", "analyze", "run", "load", "validate", "broker", "generate", "bench"),
            "### analyze", List.of("analyze"),
            "### run, load, broker", List.of("run", "load", "broker"),
            "### bench", List.of("bench"),
            "## Input: events and registry files", List.of("analyze", "validate", "load", "demo"));

    private final CommandLine cli = Main.commandLine();

    private static String readme() throws IOException {
        // Examples in code blocks show options with values, not defaults.
        return Files.readString(README).replaceAll("(?s)```.*?```", "");
    }

    private CommandSpec command(String name) {
        CommandLine sub = cli.getSubcommands().get(name);
        assertThat(sub).as("command " + name).isNotNull();
        return sub.getCommandSpec();
    }

    /** The default an option's help shows, up to the first ';', ',' or ')'; null when it shows none. */
    private static String helpDefault(OptionSpec option) {
        String text = String.join(" ", option.description()).replace("${DEFAULT-VALUE}",
                String.valueOf(option.defaultValueString()));
        Matcher m = HELP_DEFAULT.matcher(text);
        return m.find() ? m.group(1).replace("`", "").trim() : null;
    }

    private static String plain(String text) {
        return text.replace("`", "").replaceAll("\\s+", " ").trim();
    }

    @Test
    void theCommandTableListsEveryCommandWithTheLineItsHelpShows() throws IOException {
        String readme = readme();
        String table = readme.substring(readme.indexOf("## Commands"));
        table = table.substring(0, table.indexOf("\n\n", table.indexOf("| command |")));
        Map<String, String> rows = new LinkedHashMap<>();
        Map<String, String> usages = new LinkedHashMap<>();
        for (String line : table.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = line.split("\\|");
            String usage = cells[1].trim().replace("`", "");
            String name = usage.split(" ")[0];
            rows.put(name, plain(cells[2]));
            usages.put(name, usage);
        }
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(cli.getSubcommands().keySet());
        rows.forEach((name, what) -> assertThat(plain(String.join(" ", command(name).usageMessage().header())))
                .as(name).isEqualTo(what));
        usages.forEach((name, usage) -> {
            String[] words = usage.replace("[", "").replace("]", "").split(" ");
            for (int i = 1; i < words.length; i++) {
                if (!words[i].startsWith("--")) {
                    continue;
                }
                OptionSpec option = command(name).findOption(words[i]);
                assertThat(option).as(name + " " + words[i]).isNotNull();
                String value = i + 1 < words.length ? words[i + 1] : "";
                boolean placeholder = value.isEmpty() || value.startsWith("--") || value.matches("[A-Z:]+");
                if (!placeholder) {
                    assertThat(helpDefault(option)).as("the table's " + name + " " + words[i] + " " + value)
                            .isEqualTo(value);
                }
            }
        });
    }

    @Test
    void everyDefaultTheReadmeDocumentsIsTheOneHelpShows() throws IOException {
        String readme = readme();
        Matcher heading = Pattern.compile("^#{2,3} .*$", Pattern.MULTILINE).matcher(readme);
        List<int[]> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (heading.find()) {
            starts.add(new int[] {heading.start()});
            names.add(heading.group());
        }
        Matcher claim = CLAIM.matcher(readme);
        int claims = 0;
        while (claim.find()) {
            String section = null;
            for (int i = 0; i < starts.size() && starts.get(i)[0] < claim.start(); i++) {
                section = names.get(i);
            }
            String option = claim.group(1);
            String documented = claim.group(2).replace("`", "").trim();
            assertThat(SECTIONS).as("README section " + section + " documents a default of " + option
                    + "; add it to this test's map").containsKey(section);
            List<String> withOption = SECTIONS.get(section).stream()
                    .filter(c -> command(c).findOption(option) != null).toList();
            assertThat(withOption).as(section + ": no command has " + option).isNotEmpty();
            for (String c : withOption) {
                assertThat(helpDefault(command(c).findOption(option)))
                        .as(c + " " + option + " (documented in " + section + ")").isEqualTo(documented);
            }
            claims++;
        }
        assertThat(claims).as("documented defaults found").isGreaterThanOrEqualTo(15);
    }

    /** Dummy values for the required options, so that a command line parses. */
    private static List<String> required(CommandSpec spec) {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : spec.requiredArgs().stream().filter(OptionSpec.class::isInstance)
                .map(OptionSpec.class::cast).toList()) {
            args.add(o.longestName());
            args.add(switch (o.longestName()) {
                case "--bootstrap" -> "localhost:9092";
                case "--registry" -> "http://localhost:8081";
                default -> "x.csv";
            });
        }
        return args;
    }

    @Test
    void everyDefaultHelpShowsIsTheValueTheCommandUses() {
        Set<String> checked = new LinkedHashSet<>();
        for (String name : cli.getSubcommands().keySet()) {
            for (OptionSpec option : command(name).options()) {
                String shown = helpDefault(option);
                // Prose defaults ("today", "random", "the analyses file's …") are not values to parse.
                if (shown == null || shown.contains(" ") || shown.equals("today") || shown.equals("random")) {
                    continue;
                }
                List<String> base = new ArrayList<>(List.of(name));
                base.addAll(required(command(name)));
                List<String> given = new ArrayList<>(base);
                given.addAll(List.of(option.longestName(), shown));
                CommandLine withDefault = Main.commandLine();
                withDefault.parseArgs(base.toArray(String[]::new));
                Object byDefault = withDefault.getSubcommands().get(name).getCommandSpec()
                        .findOption(option.longestName()).getValue();
                CommandLine explicit = Main.commandLine();
                explicit.parseArgs(given.toArray(String[]::new));
                Object byValue = explicit.getSubcommands().get(name).getCommandSpec()
                        .findOption(option.longestName()).getValue();
                assertThat(Objects.toString(byDefault)).as(name + " " + option.longestName() + " " + shown)
                        .isEqualTo(Objects.toString(byValue));
                checked.add(name + " " + option.longestName());
            }
        }
        assertThat(checked).contains("run --startup-timeout", "run --http-port", "demo --speed", "demo --data-dir",
                "bench --debounce-ms", "run --debounce-ms", "analyze --encoding", "broker --kafka-port");
    }

    @Test
    void theHelpSaysWhatTheCommandsDoAndOffersOnlyWhatTheyUse() {
        String usage = plain(cli.getUsageMessage());
        cli.getSubcommands().forEach((name, sub) -> assertThat(usage)
                .contains(name + " " + plain(String.join(" ", sub.getCommandSpec().usageMessage().header()))));
        // demo keeps everything under --data-dir and makes its own topics: it offers neither option.
        assertThat(command("demo").findOption("--state-dir")).isNull();
        assertThat(command("demo").findOption("--partitions")).isNull();
        String bench = plain(cli.getSubcommands().get("bench").getUsageMessage());
        assertThat(bench).contains("timeline-floor events/s").contains("(default: 100;")
                .doesNotContain("200 ms").doesNotContain("estimate");
        for (String name : cli.getSubcommands().keySet()) {
            assertThat(command(name).findOption("--log-level")).as(name + " --log-level").isNotNull();
        }
    }
}
