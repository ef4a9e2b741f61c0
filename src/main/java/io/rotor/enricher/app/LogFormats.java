package io.rotor.enricher.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import io.rotor.enricher.config.LogFormat;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/** Applies ENRICHER_LOG_FORMAT to the console appender of logback.xml once the configuration is loaded. */
final class LogFormats {
    private LogFormats() {
    }

    static void apply(LogFormat format) {
        if (format != LogFormat.JSON || !(LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root)) {
            return;
        }
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> console) {
                JsonEncoder json = jsonEncoder(root.getLoggerContext());
                console.stop();
                console.setEncoder(json);
                console.start();
            }
        }
    }

    /**
     * Logback's JSON encoder with the fields the README pins: the formatted message rather than the template and its
     * arguments (an argument is never logged apart from the text it is part of), no context, markers, key-value list,
     * sequence number or nanoseconds.
     */
    static JsonEncoder jsonEncoder(LoggerContext context) {
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMarkers(false);
        json.setWithKVPList(false);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(true);
        json.setWithTimestamp(true);
        json.setWithLevel(true);
        json.setWithThreadName(true);
        json.setWithLoggerName(true);
        json.setWithMDC(true);
        json.setWithThrowable(true);
        json.start();
        return json;
    }
}
