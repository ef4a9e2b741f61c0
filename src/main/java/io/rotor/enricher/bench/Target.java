package io.rotor.enricher.bench;

/**
 * The target a figure is reported against (issue 7's targets). Targets are reported, never asserted: a figure
 * short of its target is a finding for docs/BENCHMARKS.md, not a failure of the command.
 */
public record Target(Kind kind, double bound, String text) {

    public enum Kind { AT_LEAST, AT_MOST, NONE }

    public static Target atLeast(double bound, String text) {
        return new Target(Kind.AT_LEAST, bound, text);
    }

    public static Target atMost(double bound, String text) {
        return new Target(Kind.AT_MOST, bound, text);
    }

    /** An informational figure (a baseline, a raw rate) with no target of its own. */
    public static Target none() {
        return new Target(Kind.NONE, Double.NaN, "");
    }

    /** Judges the median against the target. */
    public Verdict judge(double value) {
        return switch (kind) {
            case NONE -> Verdict.INFO;
            case AT_LEAST -> value >= bound ? Verdict.MET : Verdict.SHORT;
            case AT_MOST -> value <= bound ? Verdict.MET : Verdict.SHORT;
        };
    }

    public enum Verdict {
        MET("met"), SHORT("SHORT"), INFO(""), NOT_RUN("not run");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
