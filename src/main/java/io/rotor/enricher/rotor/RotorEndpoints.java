package io.rotor.enricher.rotor;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Builds request URIs under ROTOR_BASE_URL. Paths are appended to the base path (never resolved against the host
 * root), and a lead id always becomes exactly one percent-encoded path segment.
 */
final class RotorEndpoints {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final URI base;
    private final String prefix;

    RotorEndpoints(URI base, boolean allowHttp) {
        if (base == null || base.getScheme() == null || base.getRawAuthority() == null || base.getHost() == null) {
            throw new IllegalArgumentException("ROTOR_BASE_URL must be an absolute URL like https://api.getrotor.com/open-api, was " + safe(base));
        }
        String scheme = base.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("ROTOR_BASE_URL must use https, was " + safe(base));
        }
        if (scheme.equals("http") && !allowHttp) {
            throw new IllegalArgumentException("ROTOR_BASE_URL " + safe(base)
                    + " is plain http, which would send the API key unencrypted; use https, or set ROTOR_ALLOW_HTTP=true for a local sandbox");
        }
        if (base.getRawUserInfo() != null) {
            throw new IllegalArgumentException("ROTOR_BASE_URL must not contain user info; the API key goes in ROTOR_API_KEY");
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException("ROTOR_BASE_URL must not have a query or fragment, was " + safe(base));
        }
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        this.base = base;
        this.prefix = scheme + "://" + base.getRawAuthority() + path;
    }

    boolean isPlainHttp() {
        return base.getScheme().equalsIgnoreCase("http");
    }

    URI base() {
        return base;
    }

    URI lead(String leadId) {
        return URI.create(prefix + "/leads/" + encodeSegment(leadId));
    }

    /** {@code GET /leads} with the query's page, limit and filters, each value percent-encoded. */
    URI leads(LeadListQuery query) {
        StringBuilder uri = new StringBuilder(prefix).append("/leads?page=").append(query.page())
                .append("&limit=").append(query.limit());
        if (query.includeArchived()) {
            uri.append("&archived=true");
        }
        if (query.stage() != null) {
            uri.append("&stage=").append(encodeValue(query.stage()));
        }
        if (!query.tags().isEmpty()) {
            uri.append("&tags=").append(encodeValue(String.join(",", query.tags())));
        }
        return URI.create(uri.toString());
    }

    /** A query value: every byte but the unreserved ones percent-encoded (so '&', '=', '+', '#' stay inside it). */
    private static String encodeValue(String value) {
        return percentEncoded(ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
    }

    URI authTest() {
        return URI.create(prefix + "/auth/test");
    }

    /**
     * Percent-encodes everything but RFC 3986 unreserved characters, so '/', '?', '#', '%', ';' and spaces stay
     * inside the segment. Ids that cannot be one segment ('', '.', '..', unpaired surrogates) are refused: the
     * topology validates ids with {@link LeadIdValidator} before it calls.
     */
    static String encodeSegment(String id) {
        if (id == null || id.isEmpty() || id.equals(".") || id.equals("..")) {
            throw new IllegalArgumentException("lead id cannot be a path segment: " + (id == null ? "null" : "'" + id + "'"));
        }
        ByteBuffer bytes;
        try {
            bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(id));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("lead id is not valid Unicode (unpaired surrogate)", e);
        }
        return percentEncoded(bytes);
    }

    /** UTF-8 bytes with every byte but RFC 3986's unreserved ones as {@code %XX}. */
    private static String percentEncoded(ByteBuffer bytes) {
        StringBuilder out = new StringBuilder(bytes.remaining() * 3);
        while (bytes.hasRemaining()) {
            int b = bytes.get() & 0xff;
            if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '-' || b == '.' || b == '_' || b == '~') {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    private static String safe(URI uri) {
        if (uri == null) return "nothing";
        // Never echo user info: it could be a credential.
        return uri.getRawUserInfo() == null ? uri.toString() : uri.getScheme() + "://***@" + uri.getHost();
    }
}
