package io.rotor.enricher.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A {@code GET /leads} body read lead by lead; what makes it a BAD_RESPONSE; the request URI and halving. */
class LeadPageParserTest {
    private final LeadPageParser parser = new LeadPageParser(new LeadMapper());

    private LeadPage parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsLeadsInOrderAndThePagination() {
        LeadPage page = parse("""
                {"data": [{"id": "b", "name": "Bo", "created_at": "2024-02-01T00:00:00Z"},
                          {"id": "a", "priority": "urgent"}],
                 "pagination": {"has_more": true, "limit": 2, "page": 1, "total": 7}, "status": "success"}""");
        assertThat(page.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(page.leads()).extracting(m -> m.lead().getId()).containsExactly("b", "a");
        assertThat(page.leads().get(1).warnings()).as("mapped as a lookup maps one").isNotEmpty();
        assertThat(page.hasMore()).isTrue();
        assertThat(page.total()).isEqualTo(7);
        assertThat(page.skipped()).isZero();
    }

    @Test
    void entriesThatAreNotKeyableLeadsAreSkippedAndCounted() {
        LeadPage page = parse("""
                {"status": "success", "data": [{"id": "a"}, 3, null, {"name": "no id"}, {"id": 12}, {"id": ""}, ["x"]],
                 "pagination": {"has_more": false}, "extra": {"ignored": [1, 2]}}""");
        assertThat(page.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(page.leads()).extracting(m -> m.lead().getId()).containsExactly("a");
        assertThat(page.skipped()).isEqualTo(6);
        assertThat(page.total()).isEqualTo(-1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[]| body is not a JSON object",
            "{\"data\": {}, \"pagination\": {\"has_more\": false}}| envelope data is not an array",
            "{\"pagination\": {\"has_more\": false}}| envelope has no data",
            "{\"data\": []}| envelope has no pagination",
            "{\"data\": [], \"pagination\": {\"has_more\": \"no\"}}| pagination.has_more is not a boolean",
            "{\"data\": [], \"pagination\": {\"has_more\": false}, \"status\": \"error\"}| envelope status is \"error\"",
            "{\"data\": [], \"pagination\": {\"has_more\": false}, \"status\": {\"x\": 1}}| envelope status is not a string",
            "{\"data\": [{\"id\": \"a\"}, | body is not JSON"})
    void anythingOffTheEnvelopeIsABadResponse(String body, String why) {
        LeadPage page = parse(body);
        assertThat(page.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
        assertThat(page.message()).startsWith(why.strip());
        assertThat(page.tooLarge()).isFalse();
    }

    @Test
    void theRequestCarriesPageLimitAndEncodedFilters() {
        RotorEndpoints endpoints = new RotorEndpoints(URI.create("https://api.getrotor.com/open-api/"), false);
        assertThat(endpoints.leads(LeadListQuery.firstPage(1000)))
                .hasToString("https://api.getrotor.com/open-api/leads?page=1&limit=1000");
        assertThat(endpoints.leads(new LeadListQuery(3, 50, true, "won & lost", List.of("vip", "a=b"))))
                .hasToString("https://api.getrotor.com/open-api/leads?page=3&limit=50&archived=true&stage=won%20%26%20lost&tags=vip%2Ca%3Db");
    }

    @ParameterizedTest
    @CsvSource({"1,1000,1,500", "2,1000,3,500", "3,50,5,25", "2,5,3,2"})
    void halvingKeepsThePagesStartInView(int page, int limit, int halvedPage, int halvedLimit) {
        LeadListQuery halved = new LeadListQuery(page, limit, false, null, List.of()).halved();
        assertThat(halved.page()).isEqualTo(halvedPage);
        assertThat(halved.limit()).isEqualTo(halvedLimit);
        assertThat((long) (halved.page() - 1) * halved.limit()).as("starts at or before the old start")
                .isLessThanOrEqualTo((long) (page - 1) * limit);
    }
}
