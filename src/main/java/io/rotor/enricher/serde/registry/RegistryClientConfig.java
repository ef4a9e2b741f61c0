package io.rotor.enricher.serde.registry;

import io.rotor.enricher.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Where the registry is and how to authenticate, read from a serde config map with Confluent's key names.
 *
 * @param urls     the registry URLs to try in turn, without user info
 * @param userInfo {@code user:password} for HTTP basic auth, if any
 * @param tls      trust and key material for https URLs
 */
public record RegistryClientConfig(List<URI> urls, Optional<Secret> userInfo, RegistryTls tls) {
    /** Comma-separated registry URLs, or {@code mock://<scope>} for an in-memory registry. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Where basic-auth credentials come from: {@code URL} (default, user info in the URL) or {@code USER_INFO}. */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** {@code user:password}, read when the credentials source is {@code USER_INFO}. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String SOURCE_URL = "URL";
    public static final String SOURCE_USER_INFO = "USER_INFO";

    public RegistryClientConfig {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " names no URL");
        }
    }

    public static RegistryClientConfig from(Map<String, ?> configs) {
        String rawUrls = string(configs, SCHEMA_REGISTRY_URL)
                .orElseThrow(() -> new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL
                        + "\" which has no default value."));
        List<URI> urls = new ArrayList<>();
        Optional<Secret> urlUserInfo = Optional.empty();
        for (String raw : rawUrls.split(",")) {
            if (raw.isBlank()) {
                continue;
            }
            URI uri = parseUrl(raw.trim());
            if (uri.getUserInfo() != null && urlUserInfo.isEmpty()) {
                urlUserInfo = Optional.of(Secret.of(uri.getUserInfo()));
            }
            urls.add(withoutUserInfo(uri));
        }
        String source = string(configs, BASIC_AUTH_CREDENTIALS_SOURCE).orElse(SOURCE_URL).toUpperCase(Locale.ROOT);
        Optional<Secret> userInfo = switch (source) {
            case SOURCE_URL -> urlUserInfo;
            case SOURCE_USER_INFO -> {
                Secret info = string(configs, BASIC_AUTH_USER_INFO).map(Secret::of)
                        .filter(s -> s.reveal().contains(":"))
                        .orElseThrow(() -> new ConfigException(BASIC_AUTH_USER_INFO
                                + " must be set as user:password when " + BASIC_AUTH_CREDENTIALS_SOURCE + " is "
                                + SOURCE_USER_INFO));
                yield Optional.of(info);
            }
            default -> throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE + " must be " + SOURCE_URL + " or "
                    + SOURCE_USER_INFO + ", not " + source);
        };
        return new RegistryClientConfig(urls, userInfo, RegistryTls.from(configs));
    }

    /** A config value as text; Kafka's {@code Password} and our {@code Secret} are unwrapped. */
    static Optional<String> string(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        if (value == null) {
            return Optional.empty();
        }
        String text;
        if (value instanceof Password password) {
            text = password.value();
        } else if (value instanceof Secret secret) {
            text = secret.reveal();
        } else {
            text = value.toString();
        }
        return text.isBlank() ? Optional.empty() : Optional.of(text.trim());
    }

    private static URI parseUrl(String raw) {
        try {
            URI uri = new URI(raw);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ConfigException(SCHEMA_REGISTRY_URL + " entries must be http(s)://host[:port] URLs, got "
                        + withoutUserInfo(uri));
            }
            return uri;
        } catch (URISyntaxException e) {
            // The message of URISyntaxException repeats the input, which may carry a password.
            throw new ConfigException(SCHEMA_REGISTRY_URL + " holds a malformed URL");
        }
    }

    static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                    uri.getFragment());
        } catch (URISyntaxException e) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " holds a malformed URL");
        }
    }
}
