package io.rotor.enricher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.rotor.LeadMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * What a user writes first: one blocking {@code GET /leads/{id}} per event on the stream thread, no cache, no
 * concurrency. The naive-sync baseline's {@code mapValues} calls it; it maps the body with the project's
 * {@link LeadMapper} so the baseline does the same per-lead work as the enricher, minus everything clever.
 */
public final class NaiveSyncRotor implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final String apiKey;
    private final CloseableHttpClient http;
    private final LeadMapper mapper = new LeadMapper();

    public NaiveSyncRotor(URI baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.http = HttpClients.custom()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(30, TimeUnit.SECONDS))
                        .build())
                .disableAutomaticRetries()
                .build();
    }

    /** The lead, or a lead carrying only its id when Rotor did not answer 200 (the naive version's shortcut). */
    public Lead fetch(String leadId) {
        HttpGet get = new HttpGet(baseUrl + "/leads/" + URLEncoder.encode(leadId, StandardCharsets.UTF_8));
        get.setHeader("x-api-key", apiKey);
        get.setHeader("rotor-api-version", "1.1.0");
        try {
            return http.execute(get, response -> {
                byte[] body = EntityUtils.toByteArray(response.getEntity());
                if (response.getCode() != 200) {
                    return Lead.newBuilder().setId(leadId).build();
                }
                JsonNode data = JSON.readTree(body).get("data");
                return mapper.map(data).lead();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("naive sync lookup failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
