package org.followupmonitor.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.followupmonitor.analysis.AnalysisResult.CoxSummary;
import org.followupmonitor.analysis.AnalysisResult.CoxTerm;
import org.followupmonitor.analysis.AnalysisResult.CurvePoint;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.LogRankSummary;
import org.followupmonitor.analysis.AnalysisResult.Median;
import org.followupmonitor.analysis.AnalysisResult.Milestone;
import org.followupmonitor.analysis.AnalysisResult.MilestoneComparison;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.AnalysisResult.RestrictedMean;
import org.followupmonitor.analysis.AnalysisResult.Test;
import org.followupmonitor.analysis.avro.ChiSquareTest;
import org.followupmonitor.analysis.avro.CohortComparison;
import org.followupmonitor.analysis.avro.CoxModel;
import org.followupmonitor.analysis.avro.ExposurePoint;
import org.followupmonitor.analysis.avro.FixedCoxModel;
import org.followupmonitor.analysis.avro.GroupEstimate;
import org.followupmonitor.analysis.avro.LogRank;
import org.followupmonitor.analysis.avro.MilestoneEstimate;
import org.followupmonitor.analysis.avro.Monitoring;
import org.followupmonitor.analysis.avro.PhTest;
import org.followupmonitor.analysis.avro.ProportionalHazards;
import org.followupmonitor.analysis.avro.SurvivalEstimates;

/**
 * Splits a result into the two Avro records published on {@code survival-estimates} and
 * {@code cohort-comparisons}, and joins them back. The round trip is lossless, which the tests
 * pin, so a consumer of the topics sees exactly what the REST API serves.
 */
public final class ResultAvro {
    private ResultAvro() {}

    public static SurvivalEstimates estimates(AnalysisResult r) {
        return SurvivalEstimates.newBuilder()
                .setFormatVersion(r.formatVersion())
                .setAnalysis(r.name())
                .setEndpoint(r.endpoint())
                .setOrigin(r.origin())
                .setGroupBy(r.groupBy())
                .setStrata(r.strata())
                .setConfidenceType(r.confidence().type())
                .setConfidenceLevel(r.confidence().level())
                .setAsOf(r.asOf())
                .setSubjects(r.subjects())
                .setEvents(r.events())
                .setExcluded(new TreeMap<>(r.excluded()))
                .setAwaitingOrigin(r.awaitingOrigin())
                .setSuppressed(r.suppressed())
                .setGroups(map(r.groups(), ResultAvro::group))
                .build();
    }

    public static CohortComparison comparison(AnalysisResult r) {
        return CohortComparison.newBuilder()
                .setFormatVersion(r.formatVersion())
                .setAnalysis(r.name())
                .setAsOf(r.asOf())
                .setLogRank(r.logRank() == null ? null : logRank(r.logRank()))
                .setMilestoneComparisons(map(r.milestoneComparisons(), m ->
                        org.followupmonitor.analysis.avro.MilestoneComparison.newBuilder()
                                .setTime(m.time())
                                .setLogRank(m.logRank() == null ? null : logRank(m.logRank()))
                                .setDifferenceZ(m.differenceZ())
                                .setDifferencePValue(m.differencePValue())
                                .build()))
                .setCox(r.cox() == null ? null : cox(r.cox()))
                .setMonitoring(r.monitoring() == null ? null : monitoring(r.monitoring()))
                .setFollowUp(r.followUp() == null ? null : followUp(r.followUp()))
                .setGrayTest(r.grayTest() == null ? null : map(r.grayTest(),
                        t -> new org.followupmonitor.analysis.avro.GrayTest(t.cause(), t.chiSquare(), t.df(),
                                t.pValue())))
                .setFineGray(r.fineGray() == null ? null : new org.followupmonitor.analysis.avro.FineGrayModel(
                        r.fineGray().cause(), r.fineGray().n(), r.fineGray().events(), r.fineGray().competing(),
                        map(r.fineGray().terms(), ResultAvro::term), r.fineGray().converged(),
                        new ArrayList<>(r.fineGray().warnings()), basis(r.fineGray().basis())))
                .build();
    }

    /** Joins the two published records of one analysis back into the JSON result. */
    public static AnalysisResult join(SurvivalEstimates e, CohortComparison c) {
        if (!e.getAnalysis().equals(c.getAnalysis())) {
            throw new IllegalArgumentException("estimates and comparison belong to different analyses: '"
                    + e.getAnalysis() + "' and '" + c.getAnalysis() + "'");
        }
        Map<String, Integer> excluded = new TreeMap<>();
        e.getExcluded().forEach((k, v) -> excluded.put(k.toString(), v));
        return new AnalysisResult(e.getFormatVersion(), e.getAnalysis(), e.getEndpoint(), e.getOrigin(),
                e.getGroupBy(), e.getStrata(),
                new AnalysisResult.Confidence(e.getConfidenceType(), e.getConfidenceLevel()), e.getAsOf(),
                e.getSubjects(), e.getEvents(), e.getAwaitingOrigin(), excluded, e.getSuppressed(),
                map(e.getGroups(), ResultAvro::group),
                c.getLogRank() == null ? null : logRank(c.getLogRank()),
                map(c.getMilestoneComparisons(), m -> new MilestoneComparison(m.getTime(),
                        m.getLogRank() == null ? null : logRank(m.getLogRank()), m.getDifferenceZ(),
                        m.getDifferencePValue())),
                c.getCox() == null ? null : cox(c.getCox()),
                c.getMonitoring() == null ? null : monitoring(c.getMonitoring()),
                c.getFollowUp() == null ? null : followUp(c.getFollowUp()),
                c.getGrayTest() == null ? null : map(c.getGrayTest(), t -> new AnalysisResult.GrayTest(
                        t.getCause(), t.getChiSquare(), t.getDf(), t.getPValue())),
                c.getFineGray() == null ? null : new AnalysisResult.FineGraySummary(c.getFineGray().getCause(),
                        c.getFineGray().getN(), c.getFineGray().getEvents(), c.getFineGray().getCompeting(),
                        map(c.getFineGray().getTerms(), ResultAvro::term), c.getFineGray().getConverged(),
                        c.getFineGray().getWarnings(), basis(c.getFineGray().getBasis())));
    }

    private static GroupEstimate group(GroupResult g) {
        return GroupEstimate.newBuilder()
                .setGroup(g.group())
                .setSuppressed(g.suppressed())
                .setN(g.n())
                .setEvents(g.events())
                .setCurve(map(g.curve(), p -> new org.followupmonitor.analysis.avro.CurvePoint(p.time(), p.atRisk(),
                        p.events(), p.censored(), p.survival(), p.stdErr(), p.lower(), p.upper())))
                .setMilestones(map(g.milestones(), m -> new MilestoneEstimate(m.time(), m.atRisk(), m.survival(),
                        m.stdErr(), m.lower(), m.upper())))
                .setMedianEstimate(g.median() == null ? null : g.median().estimate())
                .setMedianLower(g.median() == null ? null : g.median().lower())
                .setMedianUpper(g.median() == null ? null : g.median().upper())
                .setRmstHorizon(g.restrictedMean() == null ? null : g.restrictedMean().horizon())
                .setRmstEstimate(g.restrictedMean() == null ? null : g.restrictedMean().estimate())
                .setRmstStdErr(g.restrictedMean() == null ? null : g.restrictedMean().stdErr())
                .setCumulativeIncidence(g.cumulativeIncidence() == null ? null : map(g.cumulativeIncidence(),
                        ci -> new org.followupmonitor.analysis.avro.CumulativeIncidence(ci.cause(), ci.events(),
                                map(ci.curve(), p -> new org.followupmonitor.analysis.avro.IncidencePoint(p.time(),
                                        p.atRisk(), p.events(), p.incidence(), p.stdErr(), p.lower(), p.upper())),
                                map(ci.milestones(), m -> new org.followupmonitor.analysis.avro.IncidenceMilestone(
                                        m.time(), m.atRisk(), m.incidence(), m.stdErr(), m.lower(), m.upper())),
                                ci.median() == null ? null : ci.median().estimate(),
                                ci.median() == null ? null : ci.median().lower(),
                                ci.median() == null ? null : ci.median().upper())))
                .build();
    }

    private static GroupResult group(GroupEstimate g) {
        // A group that had a median object has all three fields set from it, maybe null-valued; an
        // absent median (suppressed group) is signalled by the group being suppressed.
        Median median = g.getSuppressed() ? null
                : new Median(g.getMedianEstimate(), g.getMedianLower(), g.getMedianUpper());
        RestrictedMean rmst = g.getRmstHorizon() == null ? null
                : new RestrictedMean(g.getRmstHorizon(), g.getRmstEstimate(), g.getRmstStdErr());
        return new GroupResult(g.getGroup(), g.getSuppressed(), g.getN(), g.getEvents(),
                map(g.getCurve(), p -> new CurvePoint(p.getTime(), p.getAtRisk(), p.getEvents(), p.getCensored(),
                        p.getSurvival(), p.getStdErr(), p.getLower(), p.getUpper())),
                map(g.getMilestones(), m -> new Milestone(m.getTime(), m.getAtRisk(), m.getSurvival(), m.getStdErr(),
                        m.getLower(), m.getUpper())),
                median, rmst, g.getCumulativeIncidence() == null ? null : map(g.getCumulativeIncidence(),
                        ci -> new AnalysisResult.CumulativeIncidence(ci.getCause(), ci.getEvents(),
                                map(ci.getCurve(), p -> new AnalysisResult.IncidencePoint(p.getTime(), p.getAtRisk(),
                                        p.getEvents(), p.getIncidence(), p.getStdErr(), p.getLower(), p.getUpper())),
                                map(ci.getMilestones(), m -> new AnalysisResult.IncidenceMilestone(m.getTime(),
                                        m.getAtRisk(), m.getIncidence(), m.getStdErr(), m.getLower(), m.getUpper())),
                                new Median(ci.getMedianEstimate(), ci.getMedianLower(), ci.getMedianUpper()))));
    }

    private static LogRank logRank(LogRankSummary l) {
        return new LogRank(l.chiSquare(), l.df(), l.pValue(), l.stratified(), l.rho(), l.observed(), l.expected());
    }

    private static LogRankSummary logRank(LogRank l) {
        return new LogRankSummary(l.getChiSquare(), l.getDf(), l.getPValue(), l.getStratified(), l.getRho(),
                l.getObserved(), l.getExpected());
    }

    private static CoxModel cox(CoxSummary c) {
        return CoxModel.newBuilder()
                .setTies(c.ties())
                .setN(c.n())
                .setEvents(c.events())
                .setTerms(map(c.terms(), ResultAvro::term))
                .setUnivariate(map(c.univariate(), ResultAvro::term))
                .setLikelihoodRatio(test(c.likelihoodRatio()))
                .setWald(test(c.wald()))
                .setScore(test(c.score()))
                .setConcordance(c.concordance())
                .setConverged(c.converged())
                .setWarnings(c.warnings())
                .setBasis(basis(c.basis()))
                .setStrata(c.strata())
                .setCluster(c.cluster())
                .setTimeVarying(c.timeVarying())
                .setRobustScore(test(c.robustScore()))
                .setProportionalHazards(ph(c.proportionalHazards()))
                .setFixed(c.fixed() == null ? null : new FixedCoxModel(map(c.fixed().terms(), ResultAvro::term),
                        c.fixed().converged(), ph(c.fixed().proportionalHazards())))
                .setSimonMakuch(map(c.simonMakuch(), sm -> new org.followupmonitor.analysis.avro.SimonMakuch(
                        sm.covariate(), map(sm.groups(), g -> new org.followupmonitor.analysis.avro.ExposureGroup(
                                g.group(), g.suppressed(), g.subjects(), g.events(), map(g.curve(),
                                        p -> new ExposurePoint(p.time(), p.atRisk(), p.events(), p.censored(),
                                                p.survival(), p.stdErr(), p.lower(), p.upper())))))))
                .build();
    }

    private static CoxSummary cox(CoxModel c) {
        AnalysisResult.FixedModel fixed = c.getFixed() == null ? null : new AnalysisResult.FixedModel(
                map(c.getFixed().getTerms(), ResultAvro::term), c.getFixed().getConverged(),
                ph(c.getFixed().getProportionalHazards()));
        List<AnalysisResult.SimonMakuch> curves = map(c.getSimonMakuch(), sm -> new AnalysisResult.SimonMakuch(
                sm.getCovariate(), map(sm.getGroups(), g -> new AnalysisResult.ExposureGroup(g.getGroup(),
                        g.getSuppressed(), g.getSubjects(), g.getEvents(), map(g.getCurve(), p -> new CurvePoint(
                                p.getTime(), p.getAtRisk(), p.getEvents(), p.getCensored(), p.getSurvival(),
                                p.getStdErr(), p.getLower(), p.getUpper()))))));
        return new CoxSummary(c.getTies(), c.getN(), c.getEvents(),
                map(c.getTerms(), ResultAvro::term),
                test(c.getLikelihoodRatio()), test(c.getWald()), test(c.getScore()), c.getConcordance(),
                c.getConverged(), c.getWarnings(), map(c.getUnivariate(), ResultAvro::term), c.getStrata(),
                c.getCluster(), c.getTimeVarying(), test(c.getRobustScore()), ph(c.getProportionalHazards()), fixed,
                curves, basis(c.getBasis()));
    }

    private static ProportionalHazards ph(AnalysisResult.ProportionalHazards p) {
        return p == null ? null : new ProportionalHazards(p.transform(), map(p.terms(), ResultAvro::phTest),
                phTest(p.global()));
    }

    private static AnalysisResult.ProportionalHazards ph(ProportionalHazards p) {
        return p == null ? null : new AnalysisResult.ProportionalHazards(p.getTransform(),
                map(p.getTerms(), ResultAvro::phTest), phTest(p.getGlobal()));
    }

    private static PhTest phTest(AnalysisResult.PhTest t) {
        return new PhTest(t.term(), t.chiSquare(), t.df(), t.pValue());
    }

    private static AnalysisResult.PhTest phTest(PhTest t) {
        return new AnalysisResult.PhTest(t.getTerm(), t.getChiSquare(), t.getDf(), t.getPValue());
    }

    private static org.followupmonitor.analysis.avro.CoxTerm term(CoxTerm t) {
        return new org.followupmonitor.analysis.avro.CoxTerm(t.term(), t.covariate(), t.level(), t.reference(),
                t.suppressed(), t.aliased(), t.coef(), t.se(), t.hazardRatio(), t.lower(), t.upper(), t.pValue(),
                t.robustSe());
    }

    private static CoxTerm term(org.followupmonitor.analysis.avro.CoxTerm t) {
        return new CoxTerm(t.getTerm(), t.getCovariate(), t.getLevel(), t.getReference(), t.getSuppressed(),
                t.getAliased(), t.getCoef(), t.getSe(), t.getRobustSe(),
                t.getHazardRatio(), t.getLower(), t.getUpper(), t.getPValue());
    }

    private static ChiSquareTest test(Test t) {
        return t == null ? null : new ChiSquareTest(t.statistic(), t.df(), t.pValue());
    }

    private static Test test(ChiSquareTest t) {
        return t == null ? null : new Test(t.getStatistic(), t.getDf(), t.getPValue());
    }

    private static Monitoring monitoring(MonitoringStatus m) {
        return Monitoring.newBuilder()
                .setPlannedEvents(m.plannedEvents())
                .setObservedEvents(m.observedEvents())
                .setInformationFraction(m.informationFraction())
                .setZ(m.z())
                .setBoundary(m.boundary())
                .setCrossed(m.crossed())
                .setSpending(m.spending())
                .setAlpha(m.alpha())
                .setLookStep(m.lookStep())
                .setLookHistory(map(m.looks(), l -> new org.followupmonitor.analysis.avro.Look(l.look(), l.cutDate(),
                        l.events(), l.informationFraction(), l.z(), l.boundary(), l.alphaSpent(), l.crossed(),
                        l.finalLook())))
                .setBasis(basis(m.basis()))
                .build();
    }

    private static MonitoringStatus monitoring(Monitoring m) {
        return new MonitoringStatus(m.getPlannedEvents(), m.getObservedEvents(), m.getInformationFraction(),
                m.getSpending(), m.getAlpha(), m.getLookStep(), m.getZ(), m.getBoundary(), m.getCrossed(),
                map(m.getLookHistory(), l -> new AnalysisResult.Look(l.getLook(), l.getCutDate(), l.getEvents(),
                        l.getInformationFraction(), l.getZ(), l.getBoundary(), l.getAlphaSpent(), l.getCrossed(),
                        l.getFinal$())),
                basis(m.getBasis()));
    }

    private static org.followupmonitor.analysis.avro.FollowUp followUp(AnalysisResult.FollowUp f) {
        return new org.followupmonitor.analysis.avro.FollowUp(f.alive(), f.completeness(),
                map(f.overdue(), o -> new org.followupmonitor.analysis.avro.Overdue(o.days(), o.patients())),
                map(f.milestones(), m -> new org.followupmonitor.analysis.avro.MilestoneCompleteness(m.time(),
                        map(m.groups(), g -> new org.followupmonitor.analysis.avro.GroupCompleteness(g.group(),
                                g.completeness())))),
                basis(f.basis()));
    }

    private static AnalysisResult.FollowUp followUp(org.followupmonitor.analysis.avro.FollowUp f) {
        return new AnalysisResult.FollowUp(f.getAlive(), f.getCompleteness(),
                map(f.getOverdue(), o -> new AnalysisResult.Overdue(o.getDays(), o.getPatients())),
                map(f.getMilestones(), m -> new AnalysisResult.MilestoneCompleteness(m.getTime(),
                        map(m.getGroups(), g -> new AnalysisResult.GroupCompleteness(g.getGroup(),
                                g.getCompleteness())))),
                basis(f.getBasis()));
    }

    private static org.followupmonitor.analysis.avro.Basis basis(AnalysisResult.Basis b) {
        return b == null ? null
                : new org.followupmonitor.analysis.avro.Basis(b.asOf(), b.subjects(), b.events(), b.stale());
    }

    private static AnalysisResult.Basis basis(org.followupmonitor.analysis.avro.Basis b) {
        return b == null ? null : new AnalysisResult.Basis(b.getAsOf(), b.getSubjects(), b.getEvents(), b.getStale());
    }

    private static <A, B> List<B> map(List<A> in, Function<A, B> f) {
        List<B> out = new ArrayList<>(in.size());
        for (A a : in) {
            out.add(f.apply(a));
        }
        return out;
    }
}
