package org.vmbussim.azblob.vsc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

    @Test
    void shouldPrintABurstPerIntervalAndReportWhatItSuppressed() {
        final Logger logger = (Logger) LoggerFactory.getLogger("test.ratelimit." + System.nanoTime());
        final ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        final AtomicLong clock = new AtomicLong();
        final RateLimitedLog log = new RateLimitedLog(logger, clock::get, 3, 1000);
        for (int i = 0; i < 10; i++) {
            log.warn("message {}", i);
        }
        assertEquals(7, log.suppressed());
        clock.set(999);
        log.warn("still the first interval");
        clock.set(1000);
        log.warn("second interval");
        final List<String> lines = events.list.stream().map(ILoggingEvent::getFormattedMessage)
                .collect(Collectors.toList());
        assertEquals(List.of("message 0", "message 1", "message 2", "8 similar messages suppressed",
                "second interval"), lines);
        assertEquals(0, log.suppressed());
    }
}
