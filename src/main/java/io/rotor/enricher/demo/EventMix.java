package io.rotor.enricher.demo;

/**
 * Shares of each kind of event the demo produces; the rest (1 minus the sum) are valid events for known leads.
 *
 * @param unknown   valid JSON naming a lead the catalog does not have (ends in the DLQ as NOT_FOUND)
 * @param notJson   a value that is not JSON at all
 * @param noId      JSON without a lead id
 * @param numericId JSON whose lead id is a number, not a string
 * @param dotDot    JSON whose lead id is {@code ..} (would leave the /leads/ path if not rejected)
 */
public record EventMix(double unknown, double notJson, double noId, double numericId, double dotDot) {

    /** Mostly valid, hot leads, with a little of everything that can go wrong with an event. */
    public static final EventMix DEMO = new EventMix(0.05, 0.02, 0.02, 0.01, 0.01);

    public EventMix {
        for (double share : new double[] {unknown, notJson, noId, numericId, dotDot}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("each share must be within 0..1, was " + share);
            }
        }
        // Fields are not assigned yet in a compact constructor: sum the parameters.
        double sum = unknown + notJson + noId + numericId + dotDot;
        if (sum > 1.0 + 1e-9) {
            throw new IllegalArgumentException("shares must not add up to more than 1, they add up to " + sum);
        }
    }

    /** The share of events the validator rejects before any lookup. */
    public double malformed() {
        return notJson + noId + numericId + dotDot;
    }

    public double known() {
        return Math.max(0, 1 - unknown - malformed());
    }
}
