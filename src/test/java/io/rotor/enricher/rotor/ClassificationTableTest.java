package io.rotor.enricher.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.testkit.RotorReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's classification table, row by row: each case names the row it proves (its first two cells) and the
 * outcome; the test checks the row is in the README with that outcome, and that the classifier agrees.
 */
class ClassificationTableTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final String WAF_PAGE = "<html><body>Request blocked</body></html>";
    private final ResponseClassifier classifier = new ResponseClassifier(new LeadMapper(),
            new DailyReset(LocalTime.MIDNIGHT, ZoneId.of("UTC")), UnaryOperator.identity());

    @ParameterizedTest(name = "{0} {1}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            200 | Rotor's lead envelope                                            | LEAD_200  | FOUND
            401 | any                                                              | ERROR_401 | AUTH_FAILED
            401 | any                                                              | WAF       | AUTH_FAILED
            any but 200 | Rotor's envelope with `AUTHENTICATION_REQUIRED` or `INSUFFICIENT_SCOPE` | ERROR_403 | AUTH_FAILED
            403 | anything else (a proxy's or firewall's page)                     | WAF       | UNEXPECTED_STATUS
            404 | Rotor's envelope                                                 | ERROR_404 | NOT_FOUND
            404 | anything else                                                    | WAF       | UNEXPECTED_STATUS
            429 | any                                                              | ERROR_429 | RATE_LIMITED
            5xx | any                                                              | ERROR_500 | UPSTREAM_ERROR
            400, 3xx, 204 and every other status | any                          | WAF       | UNEXPECTED_STATUS
            """)
    void theReadmeRowAndTheClassifierAgree(String statusCell, String bodyCell, String body, Outcome expected) throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("| " + statusCell + " | " + bodyCell + " | `" + expected + "` |");

        int status = switch (statusCell) {
            case "any but 200" -> 403;
            case "5xx" -> 503;
            case "400, 3xx, 204 and every other status" -> 400;
            default -> Integer.parseInt(statusCell);
        };
        String text = switch (body) {
            case "WAF" -> WAF_PAGE;
            case "LEAD_200" -> RotorReference.LEAD_200;
            case "ERROR_401" -> RotorReference.ERROR_401;
            case "ERROR_403" -> RotorReference.ERROR_403;
            case "ERROR_404" -> RotorReference.ERROR_404;
            case "ERROR_429" -> RotorReference.ERROR_429;
            case "ERROR_500" -> RotorReference.ERROR_500;
            default -> throw new IllegalArgumentException(body);
        };
        LookupResult r = classifier.classify(new RawResponse(status, Map.of(), text.getBytes(StandardCharsets.UTF_8), false), NOW);
        assertThat(r.outcome()).isEqualTo(expected);
        assertThat(r.httpStatus()).isEqualTo(status);
    }

    @ParameterizedTest
    @CsvSource({"301", "302", "204", "405", "418"})
    void everyOtherStatusIsUnexpected(int status) {
        assertThat(classifier.classify(new RawResponse(status, Map.of(), new byte[0], false), NOW).outcome())
                .isEqualTo(Outcome.UNEXPECTED_STATUS);
    }
}
