package io.rotor.enricher.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Decides which values are secrets, and hides credentials that sit inside otherwise printable values. */
public final class Redaction {
    // Names of serde and client properties that carry credentials even where no ConfigDef types them.
    private static final Pattern SECRET_NAME = Pattern.compile(
            "password|secret|jaas|user\\.info|userinfo|api\\.key|apikey|token$|\\.key$");
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s,]+@");

    private Redaction() {
    }

    /** True when a property named like this must not be printed. */
    public static boolean isSecretProperty(String property) {
        return KafkaPropertyNames.isPassword(property)
                || SECRET_NAME.matcher(property.toLowerCase(Locale.ROOT)).find();
    }

    /** {@code https://user:pass@host/x} -> {@code https://<redacted>@host/x}; other text unchanged. */
    public static String stripUrlCredentials(String value) {
        return URL_USERINFO.matcher(value).replaceAll("$1<redacted>@");
    }
}
