package io.rotor.enricher.config;

import java.util.Objects;

/**
 * One public setting: its name (the same in the environment, the {@code --config} file and {@code --set}), its
 * default as written in those places, and the one-line description shown by {@code --help} and the README.
 *
 * @param name         e.g. {@code ROTOR_BASE_URL}
 * @param group        which part of the service it configures
 * @param defaultValue the default in setting syntax; empty when there is none (see {@code doc})
 * @param doc          one line: what it does and the accepted values
 * @param secret       never printed: {@code --print-config} shows a mask
 */
public record Setting(String name, Group group, String defaultValue, String doc, boolean secret) {

    /** The README documents each group in its own section. */
    public enum Group { SERVICE, ROTOR, TOPOLOGY }

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(doc, "doc");
    }

    @Override
    public String toString() {
        return name;
    }
}
