package org.followupmonitor.analysis;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.followupmonitor.events.Labels;
import org.followupmonitor.survival.ConfidenceSpec;
import org.followupmonitor.survival.ConfidenceType;
import org.followupmonitor.survival.ZphTransform;

/**
 * Reads and validates an analyses YAML file. The YAML is read into a tree and walked by hand so that each
 * problem names its field path ({@code analyses[2].cox.covariates[0].reference}); all problems are
 * collected and reported together.
 */
public final class AnalysesLoader {
    /** Classpath location of the bundled default, which reproduces the reference study. */
    public static final String DEFAULT_RESOURCE = "/org/followupmonitor/analysis/default-analyses.yaml";

    private static final Set<String> TOP_FIELDS = Set.of("analyses", "privacy");
    private static final Set<String> PRIVACY_FIELDS = Set.of("minCellSize");
    private static final Set<String> ANALYSIS_FIELDS = Set.of("name", "description", "endpoint", "origin", "groupBy",
            "strata", "filter", "landmarkDays", "horizonDays", "milestonesDays", "cox", "monitoring", "alerts",
            "confidence", "rho");
    private static final Set<String> CONFIDENCE_FIELDS = Set.of("type", "level");
    private static final Set<String> COX_FIELDS = Set.of("ties", "covariates", "strata", "cluster",
            "proportionalHazards");
    private static final Set<String> COVARIATE_FIELDS = Set.of("name", "reference", "timeVarying");
    private static final Set<String> PH_FIELDS = Set.of("transform");
    private static final Set<String> MONITORING_FIELDS = Set.of("plannedEvents", "spending", "alpha", "lookStep");
    private static final Set<String> ALERT_FIELDS = Set.of("rule", "milestoneDays", "threshold", "days",
            "completenessBelow", "excludedAbove", "completenessAtLeast", "pBelow", "cause");

    /** A repeated key is an error: YAML would keep the last and silently drop the first. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

    private final List<String> problems = new ArrayList<>();

    private AnalysesLoader() {
    }

    /**
     * Loads a file.
     *
     * @throws AnalysesConfigException when the file is missing, unreadable, not YAML or invalid
     */
    public static AnalysesConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new AnalysesConfigException(file.toString(), List.of("file not found; give an existing file"));
        } catch (IOException e) {
            throw new AnalysesConfigException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
        return parse(text, file.toString());
    }

    /** Loads the bundled default analyses (the reference study's). */
    public static AnalysesConfig loadDefault() {
        try (InputStream in = AnalysesLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled " + DEFAULT_RESOURCE + " is missing from the jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled default-analyses.yaml");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled " + DEFAULT_RESOURCE, e);
        }
    }

    /**
     * Parses YAML text.
     *
     * @param source a name for messages (file name)
     * @throws AnalysesConfigException listing every problem with its field path
     */
    public static AnalysesConfig parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new AnalysesConfigException(source, List.of(syntaxProblem(e)));
        }
        AnalysesLoader loader = new AnalysesLoader();
        AnalysesConfig config = loader.config(root);
        if (!loader.problems.isEmpty() || config == null) {
            throw new AnalysesConfigException(source, loader.problems.isEmpty()
                    ? List.of("(root): empty file; expected 'analyses:'") : loader.problems);
        }
        return config;
    }

    /**
     * A YAML syntax error as "line L, column C: problem". The position is the parser's problem mark, where the text
     * stops being YAML; Jackson's own location is the start of the enclosing construct (for a tab in the
     * indentation, the line before it).
     */
    static String syntaxProblem(JacksonException e) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
            String problem = m.getProblem() == null ? "not valid YAML" : m.getProblem();
            if (problem.contains("\\t(TAB)") || problem.contains("\t")) {
                problem = "a tab character; YAML indents with spaces, never tabs";
            }
            return "not valid YAML at line " + (m.getProblemMark().getLine() + 1) + ", column "
                    + (m.getProblemMark().getColumn() + 1) + ": " + problem;
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
        java.util.regex.Matcher dup = java.util.regex.Pattern.compile("Duplicate field '([^']*)'").matcher(message);
        if (dup.find()) {
            return "not valid YAML" + where + ": the key '" + dup.group(1) + "' appears twice in one mapping";
        }
        return "not valid YAML" + where + ": " + message.lines().findFirst().orElse("unreadable");
    }

    private AnalysesConfig config(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return null;
        }
        if (!root.isObject()) {
            problems.add("(root): expected a mapping with 'analyses:'");
            return null;
        }
        checkFields(root, "", TOP_FIELDS);
        Privacy privacy = Privacy.DEFAULT;
        JsonNode p = root.get("privacy");
        if (p != null && !p.isNull()) {
            if (expectObject(p, "privacy")) {
                checkFields(p, "privacy", PRIVACY_FIELDS);
                OptionalInt min = integer(p, "privacy", "minCellSize", false);
                privacy = build("privacy", () -> new Privacy(min.orElse(Privacy.DEFAULT_MIN_CELL_SIZE)));
            }
        }
        JsonNode list = root.get("analyses");
        if (list == null || list.isNull()) {
            problems.add("analyses: required; give a list of analyses");
            return null;
        }
        if (!list.isArray()) {
            problems.add("analyses: expected a list");
            return null;
        }
        List<AnalysisDefinition> analyses = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            AnalysisDefinition a = analysis(list.get(i), "analyses[" + i + "]");
            if (a != null) {
                analyses.add(a);
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        Privacy finalPrivacy = privacy;
        return build("", () -> new AnalysesConfig(finalPrivacy, analyses));
    }

    private AnalysisDefinition analysis(JsonNode node, String path) {
        if (!expectObject(node, path)) {
            return null;
        }
        int before = problems.size();
        checkFields(node, path, ANALYSIS_FIELDS);
        String name = text(node, path, "name", true);
        String description = text(node, path, "description", false);
        Endpoint endpoint = enumValue(Endpoint.class, node, path, "endpoint", true);
        Origin origin = enumValue(Origin.class, node, path, "origin", true);
        Variable groupBy = enumValue(Variable.class, node, path, "groupBy", false);
        List<Variable> strata = new ArrayList<>();
        JsonNode s = node.get("strata");
        if (s != null && !s.isNull()) {
            if (s.isArray()) {
                for (int i = 0; i < s.size(); i++) {
                    Variable v = enumOf(Variable.class, s.get(i), path + ".strata[" + i + "]");
                    if (v != null) {
                        strata.add(v);
                    }
                }
            } else {
                Variable v = enumOf(Variable.class, s, path + ".strata");
                if (v != null) {
                    strata.add(v);
                }
            }
        }
        Map<Variable, String> filter = new LinkedHashMap<>();
        JsonNode f = node.get("filter");
        if (f != null && !f.isNull() && expectObject(f, path + ".filter")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String fieldPath = path + ".filter." + e.getKey();
                try {
                    Variable v = Labels.parse(Variable.class, e.getKey());
                    String level = level(e.getValue(), fieldPath);
                    if (level != null) {
                        filter.put(v, level);
                    }
                } catch (IllegalArgumentException ex) {
                    problems.add(fieldPath + ": unknown variable; expected one of " + Labels.expected(Variable.class));
                }
            }
        }
        OptionalInt landmark = integer(node, path, "landmarkDays", false);
        OptionalInt horizon = integer(node, path, "horizonDays", false);
        List<Integer> milestones = new ArrayList<>();
        JsonNode m = node.get("milestonesDays");
        if (m != null && !m.isNull()) {
            if (!m.isArray()) {
                problems.add(path + ".milestonesDays: expected a list of whole numbers of days");
            } else {
                for (int i = 0; i < m.size(); i++) {
                    OptionalInt day = wholeNumber(m.get(i), path + ".milestonesDays[" + i + "]");
                    day.ifPresent(milestones::add);
                }
            }
        }
        ConfidenceSpec confidence = confidence(node.get("confidence"), path + ".confidence");
        OptionalDouble rho = decimal(node, path, "rho");
        Optional<CoxSpec> cox = Optional.ofNullable(cox(node.get("cox"), path + ".cox"));
        Optional<Monitoring> monitoring = Optional.ofNullable(monitoring(node.get("monitoring"), path + ".monitoring"));
        List<AlertRule> alerts = new ArrayList<>();
        JsonNode a = node.get("alerts");
        if (a != null && !a.isNull()) {
            if (!a.isArray()) {
                problems.add(path + ".alerts: expected a list of alert rules");
            } else {
                for (int i = 0; i < a.size(); i++) {
                    AlertRule rule = alert(a.get(i), path + ".alerts[" + i + "]");
                    if (rule != null) {
                        alerts.add(rule);
                    }
                }
            }
        }
        // Built even when a field failed, so that the definition's own checks report their problems too.
        AnalysisDefinition built = build(path, before, () -> new AnalysisDefinition(name, description, endpoint, origin,
                Optional.ofNullable(groupBy), strata, filter, landmark, horizon, milestones, cox, monitoring, alerts,
                confidence, rho.orElse(0.0)));
        return problems.size() > before ? null : built;
    }

    /** The {@code confidence} block; R's defaults (log, 0.95) for what it leaves out, or when it is absent. */
    private ConfidenceSpec confidence(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return ConfidenceSpec.DEFAULT;
        }
        if (!expectObject(node, path)) {
            return null;
        }
        int before = problems.size();
        checkFields(node, path, CONFIDENCE_FIELDS);
        ConfidenceType type = enumValue(ConfidenceType.class, node, path, "type", false);
        OptionalDouble level = decimal(node, path, "level");
        if (problems.size() > before) {
            return null;
        }
        return build(path, () -> {
            double l = level.orElse(ConfidenceSpec.DEFAULT.level());
            if (!(l > 0 && l < 1)) {
                throw new IllegalArgumentException("level: must lie strictly between 0 and 1 (e.g. 0.95), was " + l);
            }
            return new ConfidenceSpec(type == null ? ConfidenceSpec.DEFAULT.type() : type, l);
        });
    }

    private CoxSpec cox(JsonNode node, String path) {
        if (node == null || node.isNull() || !expectObject(node, path)) {
            return null;
        }
        int before = problems.size();
        checkFields(node, path, COX_FIELDS);
        CoxSpec.Ties ties = enumValue(CoxSpec.Ties.class, node, path, "ties", false);
        List<CovariateSpec> covariates = new ArrayList<>();
        JsonNode list = node.get("covariates");
        if (list == null || list.isNull()) {
            problems.add(path + ".covariates: required; list at least one covariate");
        } else if (!list.isArray()) {
            problems.add(path + ".covariates: expected a list of {name, reference}");
        } else {
            for (int i = 0; i < list.size(); i++) {
                String cp = path + ".covariates[" + i + "]";
                JsonNode c = list.get(i);
                if (c.isTextual()) {
                    Variable v = enumOf(Variable.class, c, cp + ".name");
                    if (v != null) {
                        covariates.add(new CovariateSpec(v, Optional.empty()));
                    }
                    continue;
                }
                if (!expectObject(c, cp)) {
                    continue;
                }
                checkFields(c, cp, COVARIATE_FIELDS);
                Variable v = enumValue(Variable.class, c, cp, "name", true);
                JsonNode r = c.get("reference");
                String reference = r == null || r.isNull() ? null : level(r, cp + ".reference");
                Boolean varying = bool(c, cp, "timeVarying");
                if (v != null && (r == null || r.isNull() || reference != null) && varying != null) {
                    CovariateSpec spec = build(cp, () -> new CovariateSpec(v, Optional.ofNullable(reference), varying));
                    if (spec != null) {
                        covariates.add(spec);
                    }
                }
            }
        }
        List<Variable> strata = new ArrayList<>();
        JsonNode st = node.get("strata");
        if (st != null && !st.isNull()) {
            if (st.isArray()) {
                for (int i = 0; i < st.size(); i++) {
                    Variable v = enumOf(Variable.class, st.get(i), path + ".strata[" + i + "]");
                    if (v != null) {
                        strata.add(v);
                    }
                }
            } else {
                Variable v = enumOf(Variable.class, st, path + ".strata");
                if (v != null) {
                    strata.add(v);
                }
            }
        }
        Variable cluster = enumValue(Variable.class, node, path, "cluster", false);
        ZphTransform transform = ZphTransform.KM;
        JsonNode ph = node.get("proportionalHazards");
        if (ph != null && !ph.isNull() && expectObject(ph, path + ".proportionalHazards")) {
            checkFields(ph, path + ".proportionalHazards", PH_FIELDS);
            ZphTransform t = enumValue(ZphTransform.class, ph, path + ".proportionalHazards", "transform", false);
            transform = t == null ? ZphTransform.KM : t;
        }
        ZphTransform tr = transform;
        CoxSpec built = build(path, before,
                () -> new CoxSpec(ties, covariates, strata, Optional.ofNullable(cluster), tr));
        return problems.size() > before ? null : built;
    }

    /** A true/false field; false when absent, null (with a problem) when not a boolean. */
    private Boolean bool(JsonNode node, String path, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            problems.add(path + "." + field + ": expected true or false, was " + describe(v));
            return null;
        }
        return v.booleanValue();
    }

    private Monitoring monitoring(JsonNode node, String path) {
        if (node == null || node.isNull() || !expectObject(node, path)) {
            return null;
        }
        int before = problems.size();
        checkFields(node, path, MONITORING_FIELDS);
        OptionalInt planned = integer(node, path, "plannedEvents", true);
        Monitoring.Spending spending = enumValue(Monitoring.Spending.class, node, path, "spending", false);
        OptionalDouble alpha = decimal(node, path, "alpha");
        OptionalDouble step = decimal(node, path, "lookStep");
        Monitoring built = build(path, before, () -> new Monitoring(planned.orElse(0), spending,
                alpha.orElse(Monitoring.DEFAULT_ALPHA), step.orElse(Monitoring.DEFAULT_LOOK_STEP)));
        return problems.size() > before ? null : built;
    }

    private AlertRule alert(JsonNode node, String path) {
        if (!expectObject(node, path)) {
            return null;
        }
        int before = problems.size();
        checkFields(node, path, ALERT_FIELDS);
        AlertRule.Kind kind = enumValue(AlertRule.Kind.class, node, path, "rule", true);
        OptionalInt milestone = integer(node, path, "milestoneDays", false);
        OptionalDouble threshold = decimal(node, path, "threshold");
        OptionalInt days = integer(node, path, "days", false);
        OptionalDouble completeness = decimal(node, path, "completenessBelow");
        OptionalDouble excluded = decimal(node, path, "excludedAbove");
        OptionalDouble atLeast = decimal(node, path, "completenessAtLeast");
        OptionalDouble pBelow = decimal(node, path, "pBelow");
        Optional<String> cause = Optional.empty();
        JsonNode c = node.get("cause");
        if (c != null && !c.isNull()) {
            if (c.isTextual()) {
                cause = Optional.of(c.asText());
            } else {
                problems.add(path + ".cause: expected recurrence or death, was " + describe(c));
            }
        }
        Optional<String> chosen = cause;
        AlertRule built = build(path, before, () -> new AlertRule(kind, milestone, threshold, days, completeness,
                excluded, atLeast, pBelow, chosen));
        return problems.size() > before ? null : built;
    }

    // ---- small typed readers; each adds a problem and returns empty/null on bad input ----

    private <T> T build(String path, java.util.function.Supplier<T> constructor) {
        return build(path, problems.size(), constructor);
    }

    /**
     * Builds a definition and adds every problem its constructor finds, except one about a field that already had a
     * problem since {@code before} (its value was then left out): a later problem is never hidden behind an earlier
     * one, and no field is reported twice.
     */
    private <T> T build(String path, int before, java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (DefinitionProblems.Invalid e) {
            int end = problems.size();
            e.problems().forEach(p -> addUnlessReported(path, before, end, p));
            return null;
        } catch (IllegalArgumentException e) {
            addUnlessReported(path, before, problems.size(), e.getMessage());
            return null;
        }
    }

    /** Adds {@code problem} unless its field is among the problems {@code [before, end)} (the fields read). */
    private void addUnlessReported(String path, int before, int end, String problem) {
        String prefix = path.isEmpty() ? "" : path + ".";
        int colon = problem.indexOf(": ");
        String field = colon < 0 ? "" : problem.substring(0, colon);
        String root = field.split("[.\\[]", 2)[0];
        boolean reported = !root.isEmpty() && problems.subList(before, end).stream().anyMatch(p ->
                p.startsWith(prefix + root) && p.length() > (prefix + root).length()
                        && ":.[".indexOf(p.charAt((prefix + root).length())) >= 0);
        if (!reported) {
            problems.add(prefix + problem);
        }
    }

    private boolean expectObject(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            problems.add(path + ": expected a mapping (key: value), was " + kind(node));
            return false;
        }
        return true;
    }

    private void checkFields(JsonNode node, String path, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                problems.add((path.isEmpty() ? "" : path + ".") + field + ": unknown field; expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private String text(JsonNode node, String path, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(path + "." + field + ": required");
            }
            return null;
        }
        if (!v.isValueNode()) {
            problems.add(path + "." + field + ": expected text, was " + kind(v));
            return null;
        }
        return v.asText();
    }

    private String level(JsonNode v, String path) {
        if (v.isTextual() || v.isIntegralNumber() || v.isBoolean()) {
            return v.asText();
        }
        problems.add(path + ": expected a level (text or whole number), was " + kind(v));
        return null;
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, JsonNode node, String path, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(path + "." + field + ": required; one of " + Labels.expected(type));
            }
            return null;
        }
        return enumOf(type, v, path + "." + field);
    }

    private <E extends Enum<E>> E enumOf(Class<E> type, JsonNode v, String path) {
        if (!v.isTextual()) {
            problems.add(path + ": expected one of " + Labels.expected(type) + ", was " + kind(v));
            return null;
        }
        try {
            return Labels.parse(type, v.asText());
        } catch (IllegalArgumentException e) {
            problems.add(path + ": " + e.getMessage());
            return null;
        }
    }

    private OptionalInt integer(JsonNode node, String path, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(path + "." + field + ": required; give a whole number");
            }
            return OptionalInt.empty();
        }
        return wholeNumber(v, path + "." + field);
    }

    private OptionalInt wholeNumber(JsonNode v, String path) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            problems.add(path + ": expected a whole number, was " + describe(v));
            return OptionalInt.empty();
        }
        return OptionalInt.of(v.intValue());
    }

    private OptionalDouble decimal(JsonNode node, String path, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return OptionalDouble.empty();
        }
        if (!v.isNumber()) {
            problems.add(path + "." + field + ": expected a number, was " + describe(v));
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(v.doubleValue());
    }

    private static String describe(JsonNode v) {
        return v.isValueNode() ? "'" + v.asText() + "'" : kind(v);
    }

    private static String kind(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        return "'" + v.asText() + "'";
    }
}
