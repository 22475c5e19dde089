package org.followupmonitor.privacy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The equations an attacker can write down about one release: non-negative integer unknowns (the counts it
 * publishes, those it withholds, and latent counts such as "patients of subtype A in arm B who died") and
 * linear relations between them. Published counts are known values; withheld and latent ones are not.
 *
 * <p>Built once per release by {@link AttackerModel}; read by {@link RangeSolver}.
 */
public final class LinearSystem {
    /** How the left-hand side relates to the right-hand side. */
    public enum Relation { EQ, LE, GE }

    /**
     * One count.
     *
     * @param name readable identity, e.g. {@code os-by-arm/group surgery/n}
     * @param lowerBound 0, or 1 for a withheld cell that the release shows to be non-empty
     * @param known the published value, or null when the attacker does not know it
     */
    public record Variable(String name, long lowerBound, Long known) {
        public Variable {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * {@code sum(coefficients[i] * x[variables[i]]) relation rhs}.
     *
     * @param soft a relation between two analyses' views of one population: exact when both were computed from
     *     the same data, only approximately true when a stream release mixes analyses computed a moment apart
     *     (see {@link RangeSolver})
     * @param source what the relation says, for explanations and debugging
     */
    public record Constraint(int[] variables, double[] coefficients, Relation relation, double rhs, boolean soft,
            String source) {
        public Constraint {
            if (variables.length != coefficients.length) {
                throw new IllegalArgumentException("one coefficient per variable expected");
            }
        }
    }

    private final List<Variable> variables;
    private final List<Constraint> constraints;
    private final Map<String, Integer> index;

    private LinearSystem(List<Variable> variables, List<Constraint> constraints) {
        this.variables = Collections.unmodifiableList(variables);
        this.constraints = Collections.unmodifiableList(constraints);
        Map<String, Integer> idx = new LinkedHashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            idx.put(variables.get(i).name(), i);
        }
        this.index = idx;
    }

    /**
     * The release's shape alone: every published value forgotten (each count keeps only its lower bound, and a
     * relation whose right-hand side states a published number is dropped), what the markers and the listing of
     * counts imply whatever the numbers. Forgetting only widens the ranges, so a bound from it errs on the strict
     * side.
     */
    public LinearSystem shapeOnly() {
        List<Variable> forgotten = new java.util.ArrayList<>(variables.size());
        variables.forEach(v -> forgotten.add(new Variable(v.name(), v.lowerBound(), null)));
        List<Constraint> relations = constraints.stream().filter(c -> c.rhs() == 0).toList();
        return new LinearSystem(forgotten, new java.util.ArrayList<>(relations));
    }

    public List<Variable> variables() {
        return variables;
    }

    public List<Constraint> constraints() {
        return constraints;
    }

    /** The index of a variable by name, or -1. */
    public int indexOf(String name) {
        return index.getOrDefault(name, -1);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects variables (each name once) and constraints. */
    public static final class Builder {
        private final List<Variable> variables = new ArrayList<>();
        private final Map<String, Integer> index = new LinkedHashMap<>();
        private final List<Constraint> constraints = new ArrayList<>();
        private String source = "";

        /** Names the relations added from now on (e.g. "os-by-arm: groups add up"). */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /**
         * The variable of this name, created when new. A second call with a known value fixes it (a count
         * published twice is one count).
         */
        public int variable(String name, long lowerBound, Long known) {
            Integer i = index.get(name);
            if (i == null) {
                variables.add(new Variable(name, lowerBound, known));
                index.put(name, variables.size() - 1);
                return variables.size() - 1;
            }
            Variable v = variables.get(i);
            long lb = Math.max(v.lowerBound(), lowerBound);
            Long k = v.known() != null ? v.known() : known;
            if (lb != v.lowerBound() || !Objects.equals(k, v.known())) {
                variables.set(i, new Variable(name, lb, k));
            }
            return i;
        }

        /** A latent count: never published, at least 0. */
        public int latent(String name) {
            return variable(name, 0, null);
        }

        /** Whether a variable has a published value. */
        public boolean isKnown(int variable) {
            return variables.get(variable).known() != null;
        }

        public boolean has(String name) {
            return index.containsKey(name);
        }

        public int indexOf(String name) {
            return index.getOrDefault(name, -1);
        }

        /** Adds {@code expression relation rhs}; an expression with no terms and a true relation is dropped. */
        public Builder add(LinearExpression expression, Relation relation, double rhs, boolean soft) {
            LinearExpression e = expression.compact();
            if (e.size() == 0 && holds(0, relation, rhs - e.constant())) {
                return this;
            }
            constraints.add(new Constraint(e.variables(), e.coefficients(), relation, rhs - e.constant(), soft, source));
            return this;
        }

        public Builder equal(LinearExpression left, LinearExpression right, boolean soft) {
            return add(left.minus(right), Relation.EQ, 0, soft);
        }

        public Builder atMost(LinearExpression left, LinearExpression right) {
            return atMost(left, right, false);
        }

        public Builder atMost(LinearExpression left, LinearExpression right, boolean soft) {
            return add(left.minus(right), Relation.LE, 0, soft);
        }

        public LinearSystem build() {
            return new LinearSystem(new ArrayList<>(variables), new ArrayList<>(constraints));
        }
    }

    static boolean holds(double lhs, Relation relation, double rhs) {
        double tolerance = 1e-7 * Math.max(1, Math.abs(rhs));
        return switch (relation) {
            case EQ -> Math.abs(lhs - rhs) <= tolerance;
            case LE -> lhs <= rhs + tolerance;
            case GE -> lhs >= rhs - tolerance;
        };
    }
}
