package io.rotor.enricher.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A typed value for every setting of {@link Settings}. The loader builds it from validated text; code that starts
 * the service itself (demo, bench, tests) starts from {@link #defaults()} and changes values with {@link #with}.
 * Values given with {@code with} are typed, so they skip the text checks: the caller vouches for them.
 */
public final class SettingValues {
    private static final SettingValues DEFAULTS = parseDefaults();

    private final Map<String, Object> values;

    private SettingValues(Map<String, Object> values) {
        this.values = values;
    }

    public static SettingValues defaults() {
        return DEFAULTS;
    }

    private static SettingValues parseDefaults() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting<?> s : Settings.ALL) {
            // A default the type refuses is a bug of the table; failing here fails every test.
            values.put(s.name(), s.type().parse(s.defaultValue()));
        }
        return new SettingValues(values);
    }

    static SettingValues of(Map<String, Object> values) {
        return new SettingValues(new LinkedHashMap<>(values));
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object value = values.get(setting.name());
        if (value == null) {
            throw new IllegalArgumentException("no value for " + setting.name());
        }
        return (T) value;
    }

    public <T> SettingValues with(Setting<T> setting, T value) {
        Objects.requireNonNull(value, setting.name());
        Map<String, Object> changed = new LinkedHashMap<>(values);
        changed.put(setting.name(), value);
        return new SettingValues(changed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SettingValues other && other.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        // Secret masks itself; every other value is a plain setting.
        return "SettingValues" + values;
    }
}
