package org.followupmonitor.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.CoxSummary;
import org.followupmonitor.analysis.AnalysisResult.CoxTerm;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.Milestone;
import org.followupmonitor.analysis.AnalysisResult.MilestoneComparison;
import org.followupmonitor.analysis.Table1;
import org.followupmonitor.analysis.Table1Builder;
import org.followupmonitor.privacy.Disclosure;

/**
 * The batch report as Markdown: tables shaped like the reference study's (Table 1, survival at
 * milestones with per-milestone log-rank p, Cox univariate and multivariable), per analysis.
 */
public final class MarkdownReport {
    /** How every withheld number reads, whatever the reason it is withheld. */
    static final String SUPPRESSED = "*suppressed*";

    private MarkdownReport() {}

    /** The whole report without alerts. {@code table1} may be null when the data has no arm to compare. */
    public static String render(String title, Table1 table1, List<AnalysisResult> results,
            Map<String, Integer> dataQuality, int minCellSize) {
        return render(title, table1, results, dataQuality, minCellSize, null, List.of());
    }

    /**
     * The whole report, each analysis with the alerts its result raises or holds. {@code table1} may be null when
     * the data has no arm to compare.
     */
    public static String render(String title, Table1 table1, List<AnalysisResult> results,
            Map<String, Integer> dataQuality, int minCellSize, List<Alert> alerts) {
        return render(title, table1, results, dataQuality, minCellSize, null, alerts);
    }

    /**
     * The whole report, each analysis with the alerts its result raises or holds. {@code table1} may be null when
     * the data has no arm to compare.
     *
     * @param dataQuality per flag, patients excluded over all analyses; null where withheld
     * @param withheld what disclosure control withheld, for the preamble (null: not stated)
     */
    public static String render(String title, Table1 table1, List<AnalysisResult> results,
            Map<String, Integer> dataQuality, int minCellSize, Disclosure.Summary withheld, List<Alert> alerts) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        if (minCellSize > 0) {
            md.append("Counts of 1 to ").append(minCellSize - 1)
                    .append(" patients are suppressed, and so are other counts from which they could be worked out; "
                            + "every suppressed count is marked *suppressed*, whatever the reason.");
            if (withheld != null) {
                md.append(" This report withholds ").append(withheld.withheld()).append(" of its ")
                        .append(withheld.counts()).append(" patient counts: ").append(withheld.small())
                        .append(" of 1 to ").append(minCellSize - 1).append(" patients and ")
                        .append(withheld.complementary()).append(" that would give them away.");
            }
            md.append("\n\n");
        }
        if (table1 != null) {
            md.append(table1(table1)).append('\n');
        }
        for (AnalysisResult r : results) {
            md.append(analysis(r, alerts.stream().filter(a -> a.analysis().equals(r.name())).toList())).append('\n');
        }
        if (!dataQuality.isEmpty()) {
            md.append("## Data quality\n\n| flag | patients excluded (over all analyses) |\n|---|---:|\n");
            dataQuality.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v == null ? SUPPRESSED : v)
                    .append(" |\n"));
        }
        return md.toString();
    }

    static String table1(Table1 t) {
        if (t.withheld()) {
            return "## Table 1. Characteristics by group\n\n" + Table1Builder.WITHHELD_TABLE + "\n";
        }
        StringBuilder md = new StringBuilder("## Table 1. Characteristics by group\n\n| characteristic |");
        for (int i = 0; i < t.groups().size(); i++) {
            Integer size = t.groupSizes().get(i);
            md.append(' ').append(t.groups().get(i)).append(" (n=").append(size == null ? SUPPRESSED : size).append(") |");
        }
        md.append(" total | p |\n|---|");
        md.append("---:|".repeat(t.groups().size())).append("---:|---:|\n");
        for (Table1.Characteristic c : t.characteristics()) {
            if (c.rows().isEmpty() && c.test() != null && c.test().equals(Table1Builder.WITHHELD_BLOCK)) {
                md.append("| **").append(c.name()).append("** |").append((" " + SUPPRESSED + " |").repeat(t.groups().size()))
                        .append(' ').append(SUPPRESSED).append(" | |\n");
                continue;
            }
            md.append("| **").append(c.name()).append("** |").append(" |".repeat(t.groups().size())).append(" | ")
                    .append(Format.p(c.pValue())).append(c.test() == null ? "" : " (" + c.test() + ")").append(" |\n");
            for (Table1.Row row : c.rows()) {
                md.append("| ").append(row.label()).append(" |");
                row.cells().forEach(cell -> md.append(' ').append(cell).append(" |"));
                md.append(' ').append(row.total()).append(" | |\n");
            }
        }
        return md.toString();
    }

    /** One analysis: survival at milestones by group, medians, log-rank and Cox. */
    public static String analysis(AnalysisResult r) {
        return analysis(r, List.of());
    }

    /** One analysis with its alerts: survival at milestones by group, medians, log-rank, monitoring, Cox, alerts. */
    public static String analysis(AnalysisResult r, List<Alert> alerts) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(r.name()).append("\n\n");
        md.append(r.endpoint()).append(" from ").append(r.origin())
                .append(r.groupBy() == null ? ", all patients" : ", by " + r.groupBy());
        if (!r.strata().isEmpty()) {
            md.append(", stratified by ").append(String.join(", ", r.strata()));
        }
        if (r.subjects() != null) {
            md.append(". ").append(r.subjects()).append(" patients, ").append(r.events()).append(" events");
        } else if (!r.suppressed()) {
            md.append(". Patients and events ").append(SUPPRESSED);
        }
        if (r.asOf() != null) {
            md.append(", data as of ").append(r.asOf());
        }
        md.append('.');
        if (!r.excluded().isEmpty()) {
            List<String> parts = new ArrayList<>();
            r.excluded().forEach((k, v) -> parts.add(k + " " + (v == null ? SUPPRESSED : v)));
            md.append(" Excluded: ").append(String.join(", ", parts)).append('.');
        }
        if (r.awaitingOrigin() == null && !r.suppressed()) {
            md.append(" Awaiting the time origin (not excluded): ").append(SUPPRESSED).append('.');
        } else if (r.awaitingOrigin() != null && r.awaitingOrigin() > 0) {
            md.append(" Awaiting the time origin (not excluded): ").append(r.awaitingOrigin()).append('.');
        }
        md.append("\n\n");
        if (r.suppressed()) {
            md.append(SUPPRESSED).append(": no number of this analysis is published (privacy).\n");
            return md.toString();
        }
        md.append(survivalTable(r)).append('\n');
        if (r.logRank() != null) {
            md.append(r.logRank().stratified() ? "Stratified log-rank" : "Log-rank").append(rho(r.logRank().rho()))
                    .append(": χ² = ")
                    .append(Format.number(r.logRank().chiSquare(), 3)).append(", df = ").append(r.logRank().df())
                    .append(", p = ").append(Format.p(r.logRank().pValue())).append(".\n\n");
        }
        md.append(CompetingRisksTables.incidence(r));
        if (r.monitoring() != null) {
            md.append(monitoring(r.monitoring()));
        }
        if (r.cox() != null) {
            md.append(coxTable(r.cox(), r.confidence())).append('\n');
            String curves = simonMakuch(r);
            if (!curves.isEmpty()) {
                md.append(curves).append('\n');
            }
        }
        String fineGray = CompetingRisksTables.fineGray(r);
        if (!fineGray.isEmpty()) {
            md.append(fineGray).append('\n');
        }
        if (r.followUp() != null) {
            md.append(followUp(r.followUp())).append('\n');
        }
        if (!alerts.isEmpty()) {
            md.append("Alerts:\n\n");
            for (Alert a : alerts) {
                md.append("- **").append(a.state()).append("** ").append(a.rule())
                        .append(a.group() == null ? "" : " (" + a.group() + ")").append(": ").append(a.message())
                        .append('\n');
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** "95% CI", or e.g. "90% CI, log-log" when the analysis asks for another transform than R's default. */
    static String ci(AnalysisResult.Confidence c) {
        return level(c) + " CI" + ("log".equals(c.type()) ? "" : ", " + c.type());
    }

    private static String level(AnalysisResult.Confidence c) {
        double pct = 100 * c.level();
        return (pct == Math.rint(pct) ? String.valueOf((long) pct) : Format.number(pct, 1)) + "%";
    }

    /** The Fleming-Harrington weight, named when it is not the plain log-rank's 0. */
    static String rho(double rho) {
        return rho == 0 ? "" : " (Fleming-Harrington rho = " + (rho == Math.rint(rho) ? String.valueOf((long) rho)
                : String.valueOf(rho)) + ")";
    }

    /**
     * The monitoring status and its look history: each formal look (a data cut) with its z against its boundary.
     */
    static String monitoring(AnalysisResult.MonitoringStatus m) {
        StringBuilder md = new StringBuilder();
        md.append("Sequential monitoring (Lan-DeMets, ").append(m.spending()).append(", two-sided alpha ")
                .append(Format.number(m.alpha(), 3)).append(", a formal look each ").append(Format.percent(m.lookStep()))
                .append(" of the planned events): ").append(m.observedEvents()).append(" of ").append(m.plannedEvents())
                .append(" planned events (information ").append(Format.percent(m.informationFraction()))
                .append("); current z = ").append(Format.number(m.z(), 3))
                .append(" (for information between looks)");
        if (m.looks().isEmpty()) {
            md.append("; no formal look yet.\n\n");
            return md.toString();
        }
        md.append(m.crossed() ? "; **a formal look crossed its boundary**" : "; no formal look crossed its boundary");
        if (m.basis() != null) {
            md.append(" (looks as of ").append(m.basis().asOf()).append(m.basis().stale() ? ", stale" : "").append(')');
        }
        md.append(".\n\n| look | data cut | events | information | z | boundary | alpha spent | |\n"
                + "|---:|---|---:|---:|---:|---:|---:|---|\n");
        for (AnalysisResult.Look l : m.looks()) {
            md.append("| ").append(l.look()).append(" | ").append(l.cutDate()).append(" | ").append(l.events())
                    .append(" | ").append(Format.percent(l.informationFraction())).append(" | ")
                    .append(Format.number(l.z(), 3)).append(" | ")
                    .append(l.boundary() == null ? "none (no alpha spent)" : "±" + Format.number(l.boundary(), 3))
                    .append(" | ").append(String.format(java.util.Locale.ROOT, "%.3g", l.alphaSpent())).append(" | ")
                    .append(l.crossed() ? "**crossed**" : "")
                    .append(l.finalLook() ? (l.crossed() ? ", " : "") + "final" : "").append(" |\n");
        }
        return md.append('\n').toString();
    }

    /** Follow-up completeness: Clark's C over the cohort, overdue patients, and per group up to each milestone. */
    static String followUp(AnalysisResult.FollowUp f) {
        StringBuilder md = new StringBuilder("Follow-up (as of ").append(f.basis().asOf())
                .append(f.basis().stale() ? ", stale" : "").append("): completeness (Clark's C) ")
                .append(Format.number(f.completeness(), 3)).append(", ").append(f.alive() == null ? SUPPRESSED : f.alive()).append(" patients alive");
        for (AnalysisResult.Overdue o : f.overdue()) {
            md.append(", ").append(o.patients() == null ? SUPPRESSED : o.patients()).append(" without contact for more than ").append(o.days())
                    .append(" days");
        }
        for (AnalysisResult.MilestoneCompleteness m : f.milestones()) {
            md.append("; up to day ").append(m.time()).append(": ");
            List<String> parts = new ArrayList<>();
            m.groups().forEach(g -> parts.add(g.group() + " " + Format.number(g.completeness(), 3)));
            md.append(String.join(", ", parts));
        }
        return md.append(".\n").toString();
    }

    static String survivalTable(AnalysisResult r) {
        TreeSet<Integer> times = new TreeSet<>();
        r.groups().forEach(g -> g.milestones().forEach(m -> times.add(m.time())));
        StringBuilder md = new StringBuilder("| survival (" + ci(r.confidence()) + ") |");
        for (GroupResult g : r.groups()) {
            md.append(' ').append(g.group()).append(g.suppressed() ? "" : " (n=" + g.n() + ", " + g.events() + " events)")
                    .append(" |");
        }
        boolean perMilestoneP = !r.milestoneComparisons().isEmpty();
        md.append(perMilestoneP ? " p (log-rank) |\n|---|" : "\n|---|");
        md.append("---:|".repeat(r.groups().size())).append(perMilestoneP ? "---:|\n" : "\n");
        for (int t : times) {
            md.append("| ").append(Format.milestone(t)).append(" |");
            for (GroupResult g : r.groups()) {
                md.append(' ').append(g.suppressed() ? SUPPRESSED : milestoneCell(g, t)).append(" |");
            }
            if (perMilestoneP) {
                MilestoneComparison c = r.milestoneComparisons().stream().filter(m -> m.time() == t).findFirst()
                        .orElse(null);
                md.append(' ').append(c == null || c.logRank() == null ? Format.MISSING : Format.p(c.logRank().pValue()))
                        .append(" |");
            }
            md.append('\n');
        }
        md.append("| median, days (" + ci(r.confidence()) + ") |");
        for (GroupResult g : r.groups()) {
            md.append(' ').append(g.suppressed() ? SUPPRESSED : median(g)).append(" |");
        }
        md.append(perMilestoneP ? " |\n" : "\n");
        if (r.groups().stream().anyMatch(g -> g.restrictedMean() != null)) {
            int horizon = r.groups().stream().filter(g -> g.restrictedMean() != null).findFirst().orElseThrow()
                    .restrictedMean().horizon();
            md.append("| restricted mean to ").append(horizon).append(" days (SE) |");
            for (GroupResult g : r.groups()) {
                md.append(' ').append(g.suppressed() || g.restrictedMean() == null ? SUPPRESSED
                        : Format.number(g.restrictedMean().estimate(), 1) + " ("
                                + Format.number(g.restrictedMean().stdErr(), 1) + ")").append(" |");
            }
            md.append(perMilestoneP ? " |\n" : "\n");
        }
        return md.toString();
    }

    private static String milestoneCell(GroupResult g, int t) {
        Milestone m = g.milestones().stream().filter(x -> x.time() == t).findFirst().orElse(null);
        if (m == null || m.survival() == null) {
            return Format.MISSING;
        }
        return Format.percentCi(m.survival(), m.lower(), m.upper());
    }

    private static String median(GroupResult g) {
        if (g.median() == null || g.median().estimate() == null) {
            return "not reached";
        }
        return Format.number(g.median().estimate(), 1) + " (" + Format.number(g.median().lower(), 1) + "–"
                + Format.number(g.median().upper(), 1) + ")";
    }

    /**
     * Table 4: one row per level (or numeric term) of each covariate, the univariate model's HR beside the
     * multivariable one when there are several covariates, and the proportional-hazards test's p per covariate (R's
     * {@code cox.zph}). Each model has its own complete cases, so a level or even the default reference can differ
     * between the columns; a level a model lacks shows "—", an aliased term R's "NA", a model that could not be
     * fitted "not fitted". With time-varying covariates the multivariable model is shown beside the same model with
     * those covariates fixed (immortal time included), so the two estimates of surgery sit side by side.
     */
    static String coxTable(CoxSummary cox, AnalysisResult.Confidence confidence) {
        StringBuilder md = new StringBuilder();
        boolean univariate = !cox.univariate().isEmpty() || cox.warnings().stream().anyMatch(w -> w.startsWith("univariate "));
        boolean fitted = cox.likelihoodRatio() != null;
        AnalysisResult.FixedModel fixedModel = cox.fixed();
        boolean fixed = fixedModel != null;
        boolean fixedFitted = fixed && !fixedModel.terms().isEmpty();
        AnalysisResult.ProportionalHazards ph = cox.proportionalHazards();
        String hr = "HR (" + level(confidence) + " CI)";
        String varying = String.join(", ", cox.timeVarying());
        md.append("Cox proportional hazards (").append(cox.ties()).append(" ties; n = ").append(cox.n())
                .append(", events = ").append(cox.events());
        if (!cox.timeVarying().isEmpty()) {
            md.append("; time-varying ").append(varying).append(", on (start, stop] intervals");
        }
        if (!cox.strata().isEmpty()) {
            md.append("; stratified by ").append(String.join(", ", cox.strata()));
        }
        if (cox.cluster() != null) {
            md.append("; robust variance, clustered by ").append(cox.cluster());
        }
        md.append(")").append(!fitted ? " — not fitted" : cox.converged() ? "" : " — NOT CONVERGED");
        if (cox.basis() != null) {
            md.append(", fitted on the data as of ").append(cox.basis().asOf()).append(" (")
                    .append(cox.basis().subjects()).append(" subjects, ").append(cox.basis().events()).append(" events")
                    .append(cox.basis().stale() ? "; stale: the cohort has changed since" : "").append(')');
        }
        md.append(":\n\n");
        java.util.LinkedHashMap<String, List<CoxTerm>> byCovariate = new java.util.LinkedHashMap<>();
        cox.terms().forEach(t -> byCovariate.computeIfAbsent(t.covariate(), k -> new ArrayList<>()).add(t));
        cox.univariate().forEach(t -> byCovariate.computeIfAbsent(t.covariate(), k -> new ArrayList<>()));
        if (!byCovariate.isEmpty()) {
            StringBuilder head = new StringBuilder("| term |");
            StringBuilder rule = new StringBuilder("|---|");
            if (univariate) {
                head.append(" univariate ").append(hr).append(" | p |");
                rule.append("---:|---:|");
            }
            head.append(univariate ? " multivariable " : " ").append(fixed ? "(" + varying + " time-varying) " : "")
                    .append(hr).append(" | p |");
            rule.append("---:|---:|");
            if (fixed) {
                head.append(" ").append(varying).append(" fixed ").append(hr).append(" | p |");
                rule.append("---:|---:|");
            }
            if (ph != null) {
                head.append(" PH p |");
                rule.append("---:|");
            }
            md.append(head).append('\n').append(rule).append('\n');
        }
        String blanks = (univariate ? " | |" : "") + " | |" + (fixed ? " | |" : "");
        for (String covariate : byCovariate.keySet()) {
            List<CoxTerm> multi = byCovariate.get(covariate);
            List<CoxTerm> alone = cox.univariate().stream().filter(t -> t.covariate().equals(covariate)).toList();
            List<CoxTerm> held = fixed ? fixedModel.terms().stream().filter(t -> t.covariate().equals(covariate))
                    .toList() : List.of();
            String phCell = ph == null ? "" : " " + phP(ph, covariate) + " |";
            String refAlone = alone.isEmpty() ? null : alone.get(0).reference();
            String refMulti = multi.isEmpty() ? null : multi.get(0).reference();
            String label = covariate + (cox.timeVarying().contains(covariate) ? " (time-varying)" : "");
            if (refAlone == null && refMulti == null) {
                // A numeric covariate: one row.
                md.append("| ").append(label).append(" |");
                if (univariate) {
                    md.append(cell(alone.isEmpty() ? null : alone.get(0), !alone.isEmpty()));
                }
                md.append(cell(multi.isEmpty() ? null : multi.get(0), fitted));
                if (fixed) {
                    md.append(cell(held.isEmpty() ? null : held.get(0), fixedFitted));
                }
                md.append(phCell).append('\n');
                continue;
            }
            boolean sameReference = refAlone == null || refMulti == null || refAlone.equals(refMulti);
            md.append("| **").append(covariate).append("** (reference ")
                    .append(sameReference ? (refMulti != null ? refMulti : refAlone)
                            : refAlone + " univariate, " + refMulti + " multivariable")
                    .append(cox.timeVarying().contains(covariate) ? "; time-varying" : "")
                    .append(") |").append(blanks).append(phCell).append('\n');
            java.util.LinkedHashSet<String> levels = new java.util.LinkedHashSet<>();
            if (!sameReference) {
                levels.add(refAlone);
            }
            alone.forEach(t -> levels.add(t.level()));
            if (!sameReference) {
                levels.add(refMulti);
            }
            multi.forEach(t -> levels.add(t.level()));
            for (String level : levels) {
                md.append("|   ").append(level).append(" |");
                if (univariate) {
                    md.append(level.equals(refAlone) ? " reference | |" : cell(find(alone, level), !alone.isEmpty()));
                }
                md.append(level.equals(refMulti) ? " reference | |" : cell(find(multi, level), fitted));
                if (fixed) {
                    md.append(level.equals(refMulti) ? " reference | |" : cell(find(held, level), fixedFitted));
                }
                md.append(ph == null ? "" : " |").append('\n');
            }
        }
        if (fitted) {
            md.append("\nLikelihood ratio test ").append(test(cox.likelihoodRatio())).append("; Wald")
                    .append(cox.cluster() == null ? " " : " (robust) ").append(test(cox.wald())).append("; score ")
                    .append(test(cox.score()));
            if (cox.robustScore() != null) {
                md.append("; robust score ").append(test(cox.robustScore()));
            }
            md.append("; concordance ").append(Format.number(cox.concordance(), 3)).append(".\n");
        }
        if (ph != null) {
            md.append("\nProportional hazards (scaled Schoenfeld residuals, R's cox.zph, ").append(ph.transform())
                    .append(" transform): global χ² = ").append(Format.number(ph.global().chiSquare(), 2))
                    .append(" on ").append(ph.global().df()).append(" df, p = ").append(Format.p(ph.global().pValue()));
            if (fixed && fixedModel.proportionalHazards() != null) {
                md.append("; with ").append(varying).append(" fixed, p = ")
                        .append(Format.p(fixedModel.proportionalHazards().global().pValue()));
            }
            md.append(".\n");
        }
        cox.warnings().forEach(w -> md.append("\n> warning: ").append(w).append('\n'));
        return md.toString();
    }

    /** The proportional-hazards p of a covariate's row ("—" when the test has no row for it). */
    private static String phP(AnalysisResult.ProportionalHazards ph, String covariate) {
        return ph.terms().stream().filter(t -> t.term().equals(covariate)).findFirst()
                .map(t -> Format.p(t.pValue())).orElse(Format.MISSING);
    }

    /**
     * Survival by current exposure (Simon-Makuch) at the analysis' milestones, read off each curve as R's
     * {@code summary(fit, times)} does (the value at the last curve time at or before the milestone; nothing past the
     * curve's last time). Empty without time-varying covariates.
     */
    static String simonMakuch(AnalysisResult r) {
        if (r.cox() == null || r.cox().simonMakuch().isEmpty()) {
            return "";
        }
        TreeSet<Integer> times = new TreeSet<>();
        r.groups().forEach(g -> g.milestones().forEach(m -> times.add(m.time())));
        StringBuilder md = new StringBuilder();
        for (AnalysisResult.SimonMakuch sm : r.cox().simonMakuch()) {
            if (!md.isEmpty()) {
                md.append('\n');
            }
            md.append("| survival by current ").append(sm.covariate()).append(" (Simon-Makuch, ")
                    .append(ci(r.confidence())).append(") |");
            for (AnalysisResult.ExposureGroup g : sm.groups()) {
                md.append(' ').append(g.group()).append(g.suppressed() ? ""
                        : " (" + g.subjects() + " patients, " + g.events() + " events)").append(" |");
            }
            md.append("\n|---|").append("---:|".repeat(sm.groups().size())).append('\n');
            for (int t : times) {
                md.append("| ").append(Format.milestone(t)).append(" |");
                for (AnalysisResult.ExposureGroup g : sm.groups()) {
                    md.append(' ').append(g.suppressed() ? "*suppressed*" : curveCell(g.curve(), t)).append(" |");
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    private static String curveCell(List<AnalysisResult.CurvePoint> curve, int t) {
        if (curve.isEmpty() || curve.get(curve.size() - 1).time() < t) {
            return Format.MISSING;
        }
        AnalysisResult.CurvePoint at = null;
        for (AnalysisResult.CurvePoint p : curve) {
            if (p.time() <= t) {
                at = p;
            }
        }
        return at == null ? Format.percentCi(1.0, 1.0, 1.0) : Format.percentCi(at.survival(), at.lower(), at.upper());
    }

    private static CoxTerm find(List<CoxTerm> terms, String level) {
        return terms.stream().filter(t -> level.equals(t.level())).findFirst().orElse(null);
    }

    /** The HR and p cells of one term in one model. */
    private static String cell(CoxTerm t, boolean modelFitted) {
        if (!modelFitted) {
            return " not fitted | |";
        }
        if (t == null) {
            return " — | |";
        }
        if (t.suppressed()) {
            return " *suppressed* | |";
        }
        if (t.aliased()) {
            return " NA (aliased) | |";
        }
        return " " + Format.number(t.hazardRatio(), 3) + " (" + Format.number(t.lower(), 3) + "–"
                + Format.number(t.upper(), 3) + ") | " + Format.p(t.pValue()) + " |";
    }

    private static String test(AnalysisResult.Test t) {
        return t == null || t.statistic() == null ? Format.MISSING
                : "χ² = " + Format.number(t.statistic(), 2) + " on " + t.df() + " df, p = " + Format.p(t.pValue());
    }
}
