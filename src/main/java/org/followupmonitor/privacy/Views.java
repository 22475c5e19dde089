package org.followupmonitor.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.Table1Counts;
import org.followupmonitor.privacy.Release.AnalysisView;
import org.followupmonitor.privacy.Release.Count;

/**
 * Builds {@link Release}s: the planner's (true counts, withheld as a set of units says) and the auditor's
 * (what was published). Both describe the same shape for the same publication, so the planner's check is the
 * audit's.
 */
public final class Views {
    /**
     * Patients awaiting the origin are, to the attacker, one more way out of an analysis' population (alive,
     * not yet at the origin): the views list them with the exclusions, and a plan withholds them by that flag.
     */
    static final String AWAITING = org.followupmonitor.analysis.DataQualityFlag.AWAITING_ORIGIN.name();

    private Views() {}

    /** The release that withholding {@code units} from these complete results would publish. */
    static Release planned(List<AnalysisDefinition> definitions, List<AnalysisResult> full, Set<String> units,
            Table1Counts table1, Set<String> table1Units) {
        Map<String, AnalysisDefinition> defs = byName(definitions);
        List<AnalysisView> views = new ArrayList<>();
        for (AnalysisResult r : full) {
            AnalysisDefinition def = defs.get(r.name());
            boolean whole = units.contains(Units.whole(def));
            boolean totals = whole || units.contains(Units.totals(def));
            Map<String, Count> n = new LinkedHashMap<>();
            Map<String, Count> d = new LinkedHashMap<>();
            Map<String, Count> competing = new LinkedHashMap<>();
            List<String> groups = new ArrayList<>();
            if (!whole) {
                for (AnalysisResult.GroupResult g : r.groups()) {
                    groups.add(g.group());
                    boolean hide = units.contains(Units.group(def, g.group()));
                    n.put(g.group(), count(g.n().longValue(), hide));
                    d.put(g.group(), count(g.events().longValue(), hide));
                    Integer deaths = competingEvents(g);
                    if (deaths != null) {
                        competing.put(g.group(), count(deaths, hide));
                    }
                }
            }
            Map<String, Count> excluded = new LinkedHashMap<>();
            r.excluded().forEach((flag, k) -> excluded.put(flag, count(k, units.contains(Units.flag(def, flag)))));
            if (r.awaitingOrigin() != null && r.awaitingOrigin() > 0) {
                excluded.put(AWAITING, count(r.awaitingOrigin(), whole || units.contains(Units.flag(def, AWAITING))));
            }
            Release.CoxView cox = whole || r.cox() == null ? null : cox(def, r.cox());
            Long monitoring = totals || r.monitoring() == null ? null : (long) r.monitoring().observedEvents();
            Long fineGray = whole ? null : fineGrayCompeting(r);
            views.add(new AnalysisView(def, whole, groups, count(r.subjects(), totals), count(r.events(), totals), n, d,
                    excluded, cox, monitoring, competing, fineGray));
        }
        // Table 1 withheld as a whole is not published at all: no count and no marker (Units.table1Whole).
        boolean noTable1 = table1 == null || table1Units.contains(Units.table1Whole());
        return new Release(views, noTable1 ? null : table1(table1, table1Units), List.of());
    }

    /**
     * A group's competing events (deaths without recurrence: the events of its cumulative incidence of death), or
     * null when it publishes no cumulative incidence (another endpoint, or a withheld group).
     */
    private static Integer competingEvents(AnalysisResult.GroupResult g) {
        if (g.cumulativeIncidence() == null) {
            return null;
        }
        return g.cumulativeIncidence().stream().filter(c -> c.cause().equals("death"))
                .map(AnalysisResult.CumulativeIncidence::events).findFirst().orElse(null);
    }

    /**
     * The competing events among the Fine-Gray model's rows, or null without a model or when it is marked stale (it
     * then describes an earlier cohort than the counts beside it).
     */
    private static Long fineGrayCompeting(AnalysisResult r) {
        AnalysisResult.FineGraySummary f = r.fineGray();
        return f == null || f.basis() != null && f.basis().stale() ? null : (long) f.competing();
    }

    private static Count count(long value, boolean withheld) {
        return withheld ? Count.withheld(value) : Count.shown(value);
    }

    /** The release as published: results (each with its definition), Table 1 if any, alerts. */
    public static Release published(List<AnalysisDefinition> definitions, List<AnalysisResult> released,
            Release.Table1View table1, List<Alert> alerts) {
        Map<String, AnalysisDefinition> defs = byName(definitions);
        List<AnalysisView> views = new ArrayList<>();
        for (AnalysisResult r : released) {
            AnalysisDefinition def = defs.get(r.name());
            if (def == null) {
                throw new IllegalArgumentException("analysis '" + r.name() + "' is not in the configuration");
            }
            Map<String, Count> n = new LinkedHashMap<>();
            Map<String, Count> d = new LinkedHashMap<>();
            List<String> groups = new ArrayList<>();
            Map<String, Count> competing = new LinkedHashMap<>();
            boolean competingEndpoint = def.endpoint().competing();
            for (AnalysisResult.GroupResult g : r.groups()) {
                groups.add(g.group());
                n.put(g.group(), g.n() == null ? Count.withheld(null) : Count.shown(g.n()));
                d.put(g.group(), g.events() == null ? Count.withheld(null) : Count.shown(g.events()));
                if (competingEndpoint) {
                    Integer deaths = competingEvents(g);
                    competing.put(g.group(), deaths == null ? Count.withheld(null) : Count.shown(deaths));
                }
            }
            Map<String, Count> excluded = new LinkedHashMap<>();
            r.excluded().forEach((flag, k) -> excluded.put(flag, k == null ? Count.withheld(null) : Count.shown(k)));
            if (r.awaitingOrigin() == null) {
                excluded.put(AWAITING, Count.withheld(null));
            } else if (r.awaitingOrigin() > 0) {
                excluded.put(AWAITING, Count.shown(r.awaitingOrigin()));
            }
            Release.CoxView cox = r.cox() == null ? null : cox(def, r.cox());
            Long monitoring = r.monitoring() == null ? null : (long) r.monitoring().observedEvents();
            views.add(new AnalysisView(def, r.suppressed(), groups,
                    r.subjects() == null ? Count.withheld(null) : Count.shown(r.subjects()),
                    r.events() == null ? Count.withheld(null) : Count.shown(r.events()), n, d, excluded, cox,
                    monitoring, competing, fineGrayCompeting(r)));
        }
        List<Release.AlertView> alertViews = new ArrayList<>();
        for (Alert a : alerts) {
            if (defs.containsKey(a.analysis()) && !a.values().isEmpty()) {
                alertViews.add(new Release.AlertView(a.analysis(), a.values()));
            }
        }
        return new Release(views, table1, alertViews);
    }

    private static Release.CoxView cox(AnalysisDefinition def, AnalysisResult.CoxSummary cox) {
        Map<String, Release.CoxLevel> levels = new LinkedHashMap<>();
        List<AnalysisResult.CoxTerm> terms = new ArrayList<>(cox.terms());
        terms.addAll(cox.univariate());
        for (AnalysisResult.CoxTerm t : terms) {
            if (t.level() == null) {
                continue;
            }
            String key = t.covariate() + "=" + t.level();
            Release.CoxLevel old = levels.get(key);
            levels.put(key, new Release.CoxLevel(t.covariate(), t.level(),
                    t.suppressed() || old != null && old.suppressed()));
            levels.putIfAbsent(t.covariate() + "=" + t.reference(),
                    new Release.CoxLevel(t.covariate(), t.reference(), false));
        }
        boolean single = def.cox().map(c -> c.covariates().size() == 1).orElse(false);
        return new Release.CoxView(cox.n(), cox.events(), List.copyOf(levels.values()), single,
                cox.likelihoodRatio() != null);
    }

    /** Table 1's counts, withheld as the units say; a characteristic withheld as a block is left out. */
    static Release.Table1View table1(Table1Counts t, Set<String> units) {
        Map<String, Count> sizes = new LinkedHashMap<>();
        for (int j = 0; j < t.arms().size(); j++) {
            sizes.put(t.arms().get(j), count(t.armSizes().get(j), units.contains(Units.table1Arm(t.arms().get(j)))));
        }
        List<Release.CharacteristicView> chars = new ArrayList<>();
        for (Table1Counts.Characteristic c : t.characteristics()) {
            if (units.contains(Units.table1Block(c.name()))) {
                continue;
            }
            List<Release.RowView> rows = new ArrayList<>();
            for (int i = 0; i < c.levels().size(); i++) {
                String level = c.levels().get(i);
                Map<String, Count> cells = new LinkedHashMap<>();
                for (int j = 0; j < t.arms().size(); j++) {
                    long k = c.counts().get(i).get(j);
                    cells.put(t.arms().get(j), count(k, k > 0 && units.contains(Units.table1Cell(c.name(), level,
                            t.arms().get(j)))));
                }
                rows.add(new Release.RowView(level, cells, count(c.total(i),
                        units.contains(Units.table1Row(c.name(), level)))));
            }
            chars.add(new Release.CharacteristicView(c.name(), rows));
        }
        return new Release.Table1View(t.arms(), sizes, chars);
    }

    static Map<String, AnalysisDefinition> byName(List<AnalysisDefinition> definitions) {
        Map<String, AnalysisDefinition> m = new LinkedHashMap<>();
        definitions.forEach(d -> m.put(d.name(), d));
        return m;
    }
}
