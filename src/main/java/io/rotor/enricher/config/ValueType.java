package io.rotor.enricher.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * How a setting's text becomes its value: the parser, and the accepted values in words for the configuration
 * reference. A parser throws {@link IllegalArgumentException} whose message is the problem and its fix; for a
 * secret setting the message must not contain the value.
 *
 * @param accepts  e.g. {@code whole number 1..10000}, {@code duration 1s..365d}
 * @param parser   text (trimmed) to value
 * @param <T>      the value's type
 */
public record ValueType<T>(String accepts, Function<String, T> parser) {
    public ValueType {
        Objects.requireNonNull(accepts, "accepts");
        Objects.requireNonNull(parser, "parser");
    }

    public T parse(String text) {
        return parser.apply(text);
    }
}
