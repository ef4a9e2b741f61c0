package io.rotor.enricher.config;

import java.util.Objects;

/**
 * One public setting: its name (the same in the environment, the {@code --config} file and {@code --set}), its
 * value type with the accepted range, its default as written in those places, the one-line description shown by
 * {@code --help}, and the longer text of the configuration reference. Defined only in {@link Settings}.
 *
 * @param name         e.g. {@code ROTOR_BASE_URL}
 * @param group        which part of the service it configures
 * @param type         parser and accepted values
 * @param defaultValue the default in setting syntax; empty when there is none (the type then accepts empty)
 * @param doc          one line: what it does and the accepted values ({@code --help})
 * @param details      more for the configuration reference, or empty
 * @param secret       never printed: {@code --print-config} shows a mask, errors never echo the value
 * @param <T>          the parsed value's type
 */
public record Setting<T>(String name, Group group, ValueType<T> type, String defaultValue, String doc,
                         String details, boolean secret) {

    /** The configuration reference documents each group in its own section. */
    public enum Group { SERVICE, ROTOR, TOPOLOGY, CATALOG }

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(details, "details");
    }

    @Override
    public String toString() {
        return name;
    }
}
