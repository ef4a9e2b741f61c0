package io.rotor.enricher.config;

import java.util.List;

/**
 * The configuration is unusable. Carries every problem found, each naming the setting and the fix, so one
 * start-up reports them all; the CLI prints them and exits 2. Never contains a secret's value.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(problems.size() == 1
                ? problems.get(0)
                : problems.size() + " configuration problems:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
