package org.followupmonitor.privacy;

import java.util.Map;
import java.util.TreeMap;

/** A sum of variables (by index in a {@link LinearSystem}) with coefficients, plus a constant. Immutable. */
public final class LinearExpression {
    private final TreeMap<Integer, Double> terms;
    private final double constant;

    private LinearExpression(TreeMap<Integer, Double> terms, double constant) {
        this.terms = terms;
        this.constant = constant;
    }

    public static final LinearExpression ZERO = new LinearExpression(new TreeMap<>(), 0);

    public static LinearExpression of(int variable) {
        TreeMap<Integer, Double> t = new TreeMap<>();
        t.put(variable, 1.0);
        return new LinearExpression(t, 0);
    }

    public static LinearExpression constant(double value) {
        return new LinearExpression(new TreeMap<>(), value);
    }

    /** The sum of the variables, each with coefficient 1. */
    public static LinearExpression sum(Iterable<Integer> variables) {
        TreeMap<Integer, Double> t = new TreeMap<>();
        for (int v : variables) {
            t.merge(v, 1.0, Double::sum);
        }
        return new LinearExpression(t, 0);
    }

    public LinearExpression plus(LinearExpression other) {
        return combine(other, 1);
    }

    public LinearExpression minus(LinearExpression other) {
        return combine(other, -1);
    }

    public LinearExpression times(double factor) {
        TreeMap<Integer, Double> t = new TreeMap<>();
        terms.forEach((v, c) -> t.put(v, c * factor));
        return new LinearExpression(t, constant * factor);
    }

    public LinearExpression plus(int variable) {
        return plus(of(variable));
    }

    private LinearExpression combine(LinearExpression other, double sign) {
        TreeMap<Integer, Double> t = new TreeMap<>(terms);
        other.terms.forEach((v, c) -> t.merge(v, sign * c, Double::sum));
        return new LinearExpression(t, constant + sign * other.constant);
    }

    /** Without zero coefficients. */
    LinearExpression compact() {
        TreeMap<Integer, Double> t = new TreeMap<>();
        terms.forEach((v, c) -> {
            if (c != 0) {
                t.put(v, c);
            }
        });
        return new LinearExpression(t, constant);
    }

    int size() {
        return terms.size();
    }

    double constant() {
        return constant;
    }

    int[] variables() {
        return terms.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    double[] coefficients() {
        return terms.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    Map<Integer, Double> terms() {
        return java.util.Collections.unmodifiableMap(terms);
    }
}
