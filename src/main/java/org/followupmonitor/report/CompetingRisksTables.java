package org.followupmonitor.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.CumulativeIncidence;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.IncidenceMilestone;

/**
 * The Markdown of a competing-risks analysis (endpoint {@code recurrence-competing}): the cumulative incidence of
 * each cause at the milestones by group, in the shape of the study's disease-free survival table (one column per
 * group, a row per milestone, Gray's p beside), and the Fine-Gray model beside the cause-specific Cox table.
 */
final class CompetingRisksTables {
    private CompetingRisksTables() {}

    /** The incidence table and Gray's tests; empty when the result has no cumulative incidence. */
    static String incidence(AnalysisResult r) {
        if (r.grayTest() == null) {
            return "";
        }
        List<String> causes = new ArrayList<>();
        r.groups().stream().filter(g -> g.cumulativeIncidence() != null)
                .forEach(g -> g.cumulativeIncidence().forEach(c -> {
                    if (!causes.contains(c.cause())) {
                        causes.add(c.cause());
                    }
                }));
        if (causes.isEmpty()) {
            return "";
        }
        TreeSet<Integer> times = new TreeSet<>();
        r.groups().forEach(g -> g.milestones().forEach(m -> times.add(m.time())));
        boolean gray = !r.grayTest().isEmpty();
        StringBuilder md = new StringBuilder("Kaplan-Meier above censors death (cause-specific); the cumulative"
                + " incidence below counts death without recurrence as a competing event (Aalen-Johansen).\n\n");
        md.append("| cumulative incidence (").append(MarkdownReport.ci(r.confidence())).append(") |");
        for (GroupResult g : r.groups()) {
            md.append(' ').append(g.group());
            if (!g.suppressed() && g.cumulativeIncidence() != null) {
                List<String> counts = new ArrayList<>();
                g.cumulativeIncidence().forEach(c -> counts.add(c.events() + " " + plural(c.cause(), c.events())));
                md.append(" (n=").append(g.n()).append(", ").append(String.join(", ", counts)).append(')');
            }
            md.append(" |");
        }
        md.append(gray ? " p (Gray) |\n|---|" : "\n|---|").append("---:|".repeat(r.groups().size()))
                .append(gray ? "---:|\n" : "\n");
        for (String cause : causes) {
            AnalysisResult.GrayTest test = r.grayTest().stream().filter(t -> t.cause().equals(cause)).findFirst()
                    .orElse(null);
            boolean first = true;
            for (int t : times) {
                md.append("| ").append(label(cause)).append(", ").append(Format.milestone(t)).append(" |");
                for (GroupResult g : r.groups()) {
                    md.append(' ').append(g.suppressed() ? "*suppressed*" : cell(of(g, cause), t)).append(" |");
                }
                if (gray) {
                    md.append(' ').append(first && test != null ? Format.p(test.pValue()) : "").append(" |");
                }
                md.append('\n');
                first = false;
            }
        }
        md.append('\n');
        if (gray) {
            List<String> parts = new ArrayList<>();
            for (AnalysisResult.GrayTest t : r.grayTest()) {
                parts.add(label(t.cause()) + " χ² = " + Format.number(t.chiSquare(), 3) + ", df = " + t.df()
                        + ", p = " + Format.p(t.pValue()));
            }
            md.append("Gray's test: ").append(String.join("; ", parts)).append(".\n\n");
        }
        return md.toString();
    }

    /** The Fine-Gray table; empty without a model. */
    static String fineGray(AnalysisResult r) {
        AnalysisResult.FineGraySummary fg = r.fineGray();
        if (fg == null) {
            return "";
        }
        String level = Format.number(r.confidence().level() * 100, 0) + "%";
        StringBuilder md = new StringBuilder("Fine-Gray subdistribution hazards of ").append(fg.cause())
                .append(" (cmprsk::crr; death without recurrence competing; n = ").append(fg.n()).append(", ")
                .append(fg.events()).append(' ').append(plural(fg.cause(), fg.events())).append(", ")
                .append(fg.competing()).append(" competing)");
        if (fg.terms().isEmpty()) {
            md.append(" — not fitted");
        } else if (!fg.converged()) {
            md.append(" — NOT CONVERGED");
        }
        if (fg.basis() != null) {
            md.append(", fitted on the data as of ").append(fg.basis().asOf())
                    .append(fg.basis().stale() ? " (stale: the cohort has changed since)" : "");
        }
        md.append(":\n\n");
        if (!fg.terms().isEmpty()) {
            md.append("| term | SHR (").append(level).append(" CI) | p |\n|---|---:|---:|\n");
            for (AnalysisResult.CoxTerm t : fg.terms()) {
                md.append("| ").append(t.level() == null ? t.covariate()
                        : t.covariate() + " " + t.level() + " (reference " + t.reference() + ")").append(" | ");
                if (t.suppressed()) {
                    md.append("*suppressed* | |\n");
                } else {
                    md.append(Format.number(t.hazardRatio(), 3)).append(" (").append(Format.number(t.lower(), 3))
                            .append('–').append(Format.number(t.upper(), 3)).append(") | ").append(Format.p(t.pValue()))
                            .append(" |\n");
                }
            }
        }
        fg.warnings().forEach(w -> md.append("\n> warning: ").append(w).append('\n'));
        return md.toString();
    }

    private static CumulativeIncidence of(GroupResult g, String cause) {
        return g.cumulativeIncidence() == null ? null
                : g.cumulativeIncidence().stream().filter(c -> c.cause().equals(cause)).findFirst().orElse(null);
    }

    private static String cell(CumulativeIncidence c, int t) {
        IncidenceMilestone m = c == null ? null
                : c.milestones().stream().filter(x -> x.time() == t).findFirst().orElse(null);
        if (m == null || m.incidence() == null) {
            return Format.MISSING;
        }
        return Format.percentCi(m.incidence(), m.lower(), m.upper());
    }

    /** How a cause reads in a row label. */
    static String label(String cause) {
        return cause.equals("death") ? "death without recurrence" : cause;
    }

    private static String plural(String cause, int n) {
        String word = cause.equals("death") ? "death" : cause;
        return n == 1 ? word : word + "s";
    }
}
