package org.followupmonitor.synthetic;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-side reader of the generated CSV, independent of the generator's own records, so the tests
 * check the text that other components will import.
 */
public final class CohortCsv {
    public final List<String> header;
    public final List<Map<String, String>> rows = new ArrayList<>();

    public CohortCsv(String csv) {
        String[] lines = csv.split("\n", -1);
        header = List.of(lines[0].split(",", -1));
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] cells = lines[i].split(",", -1);
            if (cells.length != header.size()) {
                throw new AssertionError("line " + (i + 1) + " has " + cells.length + " cells, header has "
                        + header.size());
            }
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < cells.length; c++) {
                row.put(header.get(c), cells[c]);
            }
            rows.add(row);
        }
    }

    public static boolean operated(Map<String, String> r) {
        return !r.get("surgery_date").isEmpty();
    }

    public static boolean dead(Map<String, String> r) {
        return !r.get("death_date").isEmpty();
    }

    public static LocalDate date(Map<String, String> r, String column) {
        String v = r.get(column);
        return v.isEmpty() ? null : LocalDate.parse(v);
    }

    /** The study's origin: surgery if operated, else systemic control. */
    public static LocalDate origin(Map<String, String> r) {
        return operated(r) ? date(r, "surgery_date") : date(r, "control_date");
    }

    /** Whole days from the origin to death, or to last contact when alive. */
    public static int time(Map<String, String> r) {
        LocalDate end = dead(r) ? date(r, "death_date") : date(r, "last_contact_date");
        return (int) ChronoUnit.DAYS.between(origin(r), end);
    }

    /**
     * St Gallen 2013 surrogate subtype written independently of the generator: HR+ = ER+ or PR+;
     * luminal A needs PR+ and Ki-67 &lt; 20; an explicit subtype wins.
     */
    public static String subtype(Map<String, String> r) {
        if (!r.get("subtype").isEmpty()) {
            return r.get("subtype");
        }
        return derivedSubtype(r);
    }

    public static String derivedSubtype(Map<String, String> r) {
        String er = r.get("er");
        String pr = r.get("pr");
        String her2 = r.get("her2");
        if (er.equals("unknown") || her2.equals("unknown")) {
            return "unknown";
        }
        boolean hr = er.equals("positive") || pr.equals("positive");
        boolean h2 = her2.equals("positive");
        if (!hr) {
            return h2 ? "her2-enriched" : "triple-negative";
        }
        if (h2) {
            return "luminal-b-her2";
        }
        String ki = r.get("ki67");
        boolean lowKi = !ki.isEmpty() && Integer.parseInt(ki) < 20;
        return pr.equals("positive") && lowKi ? "luminal-a" : "luminal-b";
    }
}
