package io.rotor.enricher.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The start-up and {@code check} line: what the key serves with the sync off, on, and with sweeps. */
class CatalogArithmeticTest {
    @Test
    void theLineSaysWhatOneCallServesInEachMode() {
        TopologySettings off = TopologySettings.defaults();
        assertThat(CatalogArithmetic.summary(off)).startsWith("catalog sync off: this key serves at most about 1000 distinct "
                + "uncached leads a day");

        TopologySettings on = off.with(Settings.ENRICHER_CATALOG_SYNC, true);
        assertThat(CatalogArithmetic.summary(on))
                .startsWith("catalog sync on: up to 200 list calls a day (20 % of 1000) list up to 200000 leads")
                .contains("new leads wait up to 10s for a sweep of the newest leads (one call per 1000 new leads, at most one "
                        + "sweep every 10s, from the same share) instead of one GET /leads/{id} each")
                .endsWith("800 calls a day are left for leads the sync and sweeps have not brought");

        TopologySettings noSweeps = on.with(Settings.ENRICHER_NEW_LEAD_WAIT, Duration.ZERO);
        assertThat(noSweeps.sweeps()).isFalse();
        assertThat(CatalogArithmetic.summary(noSweeps))
                .contains("sweeps off (ENRICHER_NEW_LEAD_WAIT=0s): each new lead costs one GET /leads/{id}");
        assertThat(off.sweeps()).as("ENRICHER_CATALOG_SYNC=false turns sweeps off too").isFalse();
    }
}
