package org.followupmonitor.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.ResultJson;
import org.followupmonitor.privacy.Release.Count;

/**
 * Reads what was published into {@link Release}s for the audit:
 * <ul>
 *   <li>JSON: the {@code analyze --format json} document ({@code {"analyses": [...], "alerts": [...]}}), one result as the API
 *       serves it, an array of results, or the API's alerts ({@code {"alerts": [...]}}): one release;</li>
 *   <li>JSON Lines of those: one release per line, each line updating what is current (so a dump of successive
 *       publications gives every state a reader could have seen);</li>
 *   <li>the Markdown report of {@code analyze}: its Table 1, or none when it is withheld as a whole (its analyses
 *       are those of the JSON of the same run: give both as one release). Its incidence tables state counts of their own in their column heads (a
 *       group's patients and each cause's events); they are checked against the JSON of the same release, and a
 *       report whose incidence tables have no JSON beside them, or another run's, is refused rather than audited
 *       without them.</li>
 * </ul>
 */
public final class PublishedFiles {
    private static final ObjectMapper JSON = ResultJson.mapper();

    private PublishedFiles() {}

    /** A file that cannot be read as a publication; the message names the file and line. */
    public static final class UnreadableException extends Exception {
        UnreadableException(String message) {
            super(message);
        }
    }

    /** What a release holds before it is turned into counts. */
    private static final class Content {
        final Map<String, AnalysisResult> results = new LinkedHashMap<>();
        final List<Alert> alerts = new ArrayList<>();
        Release.Table1View table1;

        Content copy() {
            Content c = new Content();
            c.results.putAll(results);
            c.alerts.addAll(alerts);
            c.table1 = table1;
            return c;
        }
    }

    /**
     * The releases in these files: the files of one group are one release (JSON Lines files give one per line,
     * each on top of the group's other files).
     *
     * @param groups files published together, group by group, in order
     * @throws UnreadableException naming the file (and line) that is not a publication, or an analysis that the
     *     configuration does not define
     */
    public static List<Release> read(List<List<Path>> groups, List<AnalysisDefinition> definitions)
            throws UnreadableException {
        List<Release> releases = new ArrayList<>();
        Map<String, AnalysisDefinition> defs = Views.byName(definitions);
        for (List<Path> group : groups) {
            Content base = new Content();
            List<Content> lines = new ArrayList<>();
            List<Incidence> tables = new ArrayList<>();
            for (Path file : group) {
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UnreadableException(file + ": cannot read (" + e.getMessage() + ")");
                }
                if (text.stripLeading().startsWith("#") || file.toString().endsWith(".md")) {
                    base.table1 = table1(file, text);
                    tables.addAll(incidence(file, text));
                } else if (isJsonLines(text)) {
                    Content current = base.copy();
                    int n = 0;
                    for (String line : text.split("\n")) {
                        n++;
                        if (line.isBlank()) {
                            continue;
                        }
                        json(file + ":" + n, line, current, defs);
                        lines.add(current.copy());
                    }
                } else {
                    json(file.toString(), text, base, defs);
                }
            }
            // A Markdown report goes with one analyze run: the group's JSON document, or its last line.
            Content reported = lines.isEmpty() ? base : lines.get(lines.size() - 1);
            for (Incidence table : tables) {
                table.check(reported.results.get(table.analysis()));
            }
            if (lines.isEmpty()) {
                releases.add(release(base, definitions));
            } else {
                for (Content c : lines) {
                    if (base.table1 != null && c.table1 == null) {
                        c.table1 = base.table1;
                    }
                    releases.add(release(c, definitions));
                }
            }
        }
        return releases;
    }

    private static Release release(Content c, List<AnalysisDefinition> definitions) {
        return Views.published(definitions, List.copyOf(c.results.values()), c.table1, c.alerts);
    }

    private static boolean isJsonLines(String text) {
        String t = text.strip();
        if (!t.contains("\n")) {
            return false;
        }
        // A pretty-printed document spans lines too; JSON Lines has a whole value on each line.
        String first = t.substring(0, t.indexOf('\n')).strip();
        try {
            JSON.readTree(first);
            return first.startsWith("{") && first.endsWith("}");
        } catch (IOException e) {
            return false;
        }
    }

    private static void json(String where, String text, Content into, Map<String, AnalysisDefinition> defs)
            throws UnreadableException {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UnreadableException(where + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || node.isMissingNode()) {
            throw new UnreadableException(where + ": empty");
        }
        if (node.isArray()) {
            for (JsonNode n : node) {
                result(where, n, into, defs);
            }
        } else if (node.has("analyses") || node.has("alerts")) {
            // analyze's document has both; the API's alerts document has only "alerts".
            for (JsonNode n : node.has("analyses") ? node.get("analyses") : JSON.createArrayNode()) {
                result(where, n, into, defs);
            }
            for (JsonNode a : node.has("alerts") ? node.get("alerts") : JSON.createArrayNode()) {
                try {
                    into.alerts.add(JSON.treeToValue(a, Alert.class));
                } catch (IOException | IllegalArgumentException e) {
                    throw new UnreadableException(where + ": not an alert (" + e.getMessage() + ")");
                }
            }
        } else if (node.has("formatVersion") && node.has("name")) {
            result(where, node, into, defs);
        } else {
            throw new UnreadableException(where + ": neither an analysis result, an {\"analyses\": [...]} document "
                    + "nor {\"alerts\": [...]}");
        }
    }

    private static void result(String where, JsonNode n, Content into, Map<String, AnalysisDefinition> defs)
            throws UnreadableException {
        AnalysisResult r;
        try {
            r = JSON.treeToValue(n, AnalysisResult.class);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableException(where + ": not an analysis result (" + e.getMessage() + ")");
        }
        if (!defs.containsKey(r.name())) {
            throw new UnreadableException(where + ": analysis '" + r.name()
                    + "' is not in the configuration (give the one it was published with: --config)");
        }
        into.results.put(r.name(), r);
    }

    // ------------------------------------------------------------------ Table 1 in a Markdown report

    private static final Pattern HEADER = Pattern.compile("^(.*) \\(n=(.*)\\)$");
    private static final Pattern COUNT = Pattern.compile("^(\\d+)( \\(.*\\))?$");
    private static final String WITHHELD = "*suppressed*";

    /** The Table 1 of a Markdown report, or null when it has none. */
    static Release.Table1View table1(Path file, String text) throws UnreadableException {
        List<String> lines = text.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("## Table 1")) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            return null;
        }
        int header = start + 1;
        while (header < lines.size() && !lines.get(header).startsWith("|") && !lines.get(header).startsWith("## ")) {
            if (lines.get(header).strip().equals(org.followupmonitor.analysis.Table1Builder.WITHHELD_TABLE)) {
                return null; // withheld as a whole: nothing of it is published (Units.table1Whole)
            }
            header++;
        }
        if (header >= lines.size() || !lines.get(header).startsWith("|")) {
            throw new UnreadableException(file + ":" + (start + 1) + ": Table 1 has no table");
        }
        List<String> head = cells(lines.get(header));
        List<String> arms = new ArrayList<>();
        Map<String, Count> sizes = new LinkedHashMap<>();
        for (int j = 1; j < head.size() - 2; j++) {
            Matcher m = HEADER.matcher(head.get(j));
            if (!m.matches()) {
                throw new UnreadableException(file + ":" + (header + 1) + ": column '" + head.get(j)
                        + "' is not 'group (n=N)'");
            }
            arms.add(m.group(1));
            sizes.put(m.group(1), count(file, header, m.group(2)));
        }
        List<Release.CharacteristicView> chars = new ArrayList<>();
        String name = null;
        List<Release.RowView> rows = new ArrayList<>();
        boolean block = false;
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> c = cells(lines.get(i));
            String label = c.get(0);
            if (label.startsWith("**") && label.endsWith("**")) {
                if (name != null && !block) {
                    chars.add(new Release.CharacteristicView(name, rows));
                }
                name = label.substring(2, label.length() - 2);
                rows = new ArrayList<>();
                block = WITHHELD.equals(c.get(1)); // a characteristic withheld as a whole
                continue;
            }
            if (label.isEmpty() || name == null || name.startsWith("age")) {
                continue;
            }
            Map<String, Count> cells = new LinkedHashMap<>();
            for (int j = 0; j < arms.size(); j++) {
                cells.put(arms.get(j), count(file, i, c.get(j + 1)));
            }
            rows.add(new Release.RowView(label, cells, count(file, i, c.get(arms.size() + 1))));
        }
        if (name != null && !block) {
            chars.add(new Release.CharacteristicView(name, rows));
        }
        return new Release.Table1View(arms, sizes, chars);
    }

    // ------------------------------------------------------------------ incidence tables in a Markdown report

    private static final Pattern GROUP_COUNTS = Pattern.compile("^(.*) \\(n=(\\d+), (.*)\\)$");
    private static final Pattern CAUSE_COUNT = Pattern.compile("^(\\d+) (.+)$");

    /**
     * One incidence table of a Markdown report (report.CompetingRisksTables): per group whose counts its column head
     * states, its patients and each cause's events (a withheld group's head states none).
     *
     * @param where the file and line of the table's head
     */
    record Incidence(String where, String analysis, Map<String, Long> patients, Map<String, Map<String, Long>> events) {
        /** Whether the JSON of the same release states the same counts. */
        void check(AnalysisResult r) throws UnreadableException {
            if (r == null) {
                throw new UnreadableException(where + ": the incidence table of analysis '" + analysis + "' has no "
                        + "JSON result beside it: give the JSON of the same run with the Markdown report "
                        + "(--input report.json,report.md)");
            }
            for (Map.Entry<String, Long> e : patients.entrySet()) {
                AnalysisResult.GroupResult g = r.groups().stream().filter(x -> x.group().equals(e.getKey()))
                        .findFirst().orElse(null);
                Map<String, Long> json = new LinkedHashMap<>();
                if (g != null && g.cumulativeIncidence() != null) {
                    g.cumulativeIncidence().forEach(c -> json.put(c.cause(), (long) c.events()));
                }
                if (g == null || g.n() == null || g.n().longValue() != e.getValue()
                        || !json.equals(events.get(e.getKey()))) {
                    throw new UnreadableException(where + ": the incidence table of analysis '" + analysis
                            + "' states group '" + e.getKey() + "' as n=" + e.getValue() + ", " + events.get(e.getKey())
                            + ", the JSON given with it otherwise: not the same run");
                }
            }
        }
    }

    /** The incidence tables of a Markdown report, each under its analysis' heading. */
    static List<Incidence> incidence(Path file, String text) throws UnreadableException {
        List<Incidence> out = new ArrayList<>();
        List<String> lines = text.lines().toList();
        String analysis = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                analysis = line.substring(3).strip();
                continue;
            }
            if (analysis == null || !line.startsWith("| cumulative incidence")) {
                continue;
            }
            List<String> head = cells(line);
            Map<String, Long> patients = new LinkedHashMap<>();
            Map<String, Map<String, Long>> events = new LinkedHashMap<>();
            for (String cell : head.subList(1, head.size())) {
                Matcher m = GROUP_COUNTS.matcher(cell);
                if (!m.matches()) {
                    continue; // a withheld group, or Gray's p
                }
                Map<String, Long> causes = new LinkedHashMap<>();
                for (String part : m.group(3).split(", ")) {
                    Matcher c = CAUSE_COUNT.matcher(part.strip());
                    if (!c.matches()) {
                        throw new UnreadableException(file + ":" + (i + 1) + ": '" + part.strip()
                                + "' in the head of an incidence table is not 'N events'");
                    }
                    long k = Long.parseLong(c.group(1));
                    String word = c.group(2);
                    // CompetingRisksTables writes the cause, plural unless 1 ("6 recurrences", "1 death").
                    causes.put(k != 1 && word.endsWith("s") ? word.substring(0, word.length() - 1) : word, k);
                }
                patients.put(m.group(1), Long.parseLong(m.group(2)));
                events.put(m.group(1), causes);
            }
            out.add(new Incidence(file + ":" + (i + 1), analysis, patients, events));
        }
        return out;
    }

    private static Count count(Path file, int line, String text) throws UnreadableException {
        String t = text.strip();
        if (t.equals(WITHHELD)) {
            return Count.withheld(null);
        }
        Matcher m = COUNT.matcher(t);
        if (!m.matches()) {
            throw new UnreadableException(file + ":" + (line + 1) + ": '" + t + "' is neither a count nor "
                    + WITHHELD);
        }
        return Count.shown(Long.parseLong(m.group(1)));
    }

    private static List<String> cells(String row) {
        String r = row.strip();
        if (r.startsWith("|")) {
            r = r.substring(1);
        }
        if (r.endsWith("|")) {
            r = r.substring(0, r.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String c : r.split("\\|", -1)) {
            out.add(c.strip());
        }
        return out;
    }
}
