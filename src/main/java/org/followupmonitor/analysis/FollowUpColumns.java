package org.followupmonitor.analysis;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.followupmonitor.analysis.AnalysisResult.Basis;
import org.followupmonitor.analysis.AnalysisResult.FollowUp;

/**
 * The follow-up of an analysis' subjects by column, one entry per subject with a row: start of follow-up, last
 * contact (or death), whether they died, and their group. Gives the follow-up part of a result: patients alive and
 * overdue, and Clark's completeness index C (Clark, Altman &amp; De Stavola, Lancet 2002;359:1309-10) over the
 * cohort and, per group, up to each milestone. A million patients cost a few arrays. Not thread-safe.
 */
public final class FollowUpColumns {
    private int size;
    private int[] start = new int[256];
    private int[] last = new int[256];
    private boolean[] dead = new boolean[256];
    private String[] group = new String[256];

    /** Adds one subject's follow-up in a group. */
    public void add(FollowUpRecord r, String groupLabel) {
        add(Math.toIntExact(r.start().toEpochDay()), Math.toIntExact(r.lastContact().toEpochDay()), r.dead(),
                groupLabel);
    }

    void add(int startDay, int lastDay, boolean died, String groupLabel) {
        if (size == start.length) {
            int n = 2 * size;
            start = Arrays.copyOf(start, n);
            last = Arrays.copyOf(last, n);
            dead = Arrays.copyOf(dead, n);
            group = Arrays.copyOf(group, n);
        }
        start[size] = startDay;
        last[size] = lastDay;
        dead[size] = died;
        group[size] = groupLabel;
        size++;
    }

    /** Subjects held. */
    public int size() {
        return size;
    }

    /** The summary over every subject at the clock (see {@link FollowUpSummary}). */
    FollowUpSummary summary(LocalDate clock, int overdueDays, OptionalInt horizonDays) {
        int clockDay = Math.toIntExact(clock.toEpochDay());
        int alive = 0;
        int overdue = 0;
        long observed = 0;
        long potential = 0;
        int cap = horizonDays.orElse(Integer.MAX_VALUE);
        for (int i = 0; i < size; i++) {
            long lastDay = last[i] - start[i];
            long endDay = dead[i] ? lastDay : clockDay - start[i];
            if (!dead[i]) {
                alive++;
                if (clockDay - last[i] > overdueDays) {
                    overdue++;
                }
            }
            observed += Math.min(lastDay, cap);
            potential += Math.min(endDay, cap);
        }
        double c = potential == 0 ? Double.NaN : (double) observed / potential;
        return new FollowUpSummary(size, alive, overdue, observed, potential, c);
    }

    /**
     * Clark's C of one group's subjects up to {@code days} of follow-up: observed and potential follow-up are both cut
     * at that many days from the start (and at the horizon). NaN when the group has no potential follow-up.
     */
    double completenessTo(String groupLabel, LocalDate clock, int days, OptionalInt horizonDays) {
        int clockDay = Math.toIntExact(clock.toEpochDay());
        long cap = Math.min(days, horizonDays.orElse(Integer.MAX_VALUE));
        long observed = 0;
        long potential = 0;
        for (int i = 0; i < size; i++) {
            if (!group[i].equals(groupLabel)) {
                continue;
            }
            long lastDay = last[i] - start[i];
            long endDay = dead[i] ? lastDay : clockDay - start[i];
            observed += Math.min(lastDay, cap);
            potential += Math.min(endDay, cap);
        }
        return potential == 0 ? Double.NaN : (double) observed / potential;
    }

    /**
     * The result's follow-up part at the clock: alive and Clark's C over the cohort, patients overdue for each
     * follow-up-overdue rule's days, and C per group up to each milestone-below rule's milestone. A group with fewer
     * subjects than the privacy minimum gets no completeness (null), as it gets no curve.
     *
     * @param analysis    whose rules say which days and milestones to report
     * @param clock       the analysis clock the subjects were read at
     * @param minCellSize privacy minimum (0: none)
     * @param basis       what the subjects reflect
     */
    FollowUp part(AnalysisDefinition analysis, LocalDate clock, int minCellSize, Basis basis) {
        TreeSet<Integer> overdueDays = new TreeSet<>();
        TreeSet<Integer> milestones = new TreeSet<>();
        for (AlertRule rule : analysis.alerts()) {
            rule.days().ifPresent(d -> {
                if (rule.rule() == AlertRule.Kind.FOLLOW_UP_OVERDUE) {
                    overdueDays.add(d);
                }
            });
            if (rule.rule() == AlertRule.Kind.MILESTONE_BELOW) {
                milestones.add(rule.milestoneDays().orElseThrow());
            }
        }
        FollowUpSummary all = summary(clock, 1, analysis.horizonDays());
        List<AnalysisResult.Overdue> overdue = new ArrayList<>();
        for (int days : overdueDays) {
            overdue.add(new AnalysisResult.Overdue(days, summary(clock, days, analysis.horizonDays()).overdue()));
        }
        List<String> groups = groups(analysis.groupBy());
        List<AnalysisResult.MilestoneCompleteness> byMilestone = new ArrayList<>();
        for (int days : milestones) {
            List<AnalysisResult.GroupCompleteness> perGroup = new ArrayList<>();
            for (String g : groups) {
                boolean small = count(g) < minCellSize;
                perGroup.add(new AnalysisResult.GroupCompleteness(g,
                        small ? null : Numbers.orNull(completenessTo(g, clock, days, analysis.horizonDays()))));
            }
            byMilestone.add(new AnalysisResult.MilestoneCompleteness(days, perGroup));
        }
        return new FollowUp(all.alive(), Numbers.orNull(all.completeness()), overdue, byMilestone, basis);
    }

    private int count(String groupLabel) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            n += group[i].equals(groupLabel) ? 1 : 0;
        }
        return n;
    }

    /** The groups present, in the order every result lists them. */
    private List<String> groups(Optional<Variable> groupBy) {
        TreeSet<String> seen = new TreeSet<>();
        for (int i = 0; i < size; i++) {
            seen.add(group[i]);
        }
        List<String> out = new ArrayList<>(seen);
        out.sort(CohortCounts.levelOrder(groupBy));
        return out;
    }
}
