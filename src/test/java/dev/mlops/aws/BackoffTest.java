package dev.mlops.aws;

import dev.mlops.Polling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    static final Polling POLLING = new Polling(Duration.ofSeconds(2), Duration.ofSeconds(30));

    @Test
    void waitsDoubleWhileNothingChangesUpToTheMaximumWithinTheirUpperHalf() {
        Backoff backoff = new Backoff(POLLING, new Random(7));
        List<Long> bases = List.of(2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L);

        List<Duration> waits = new ArrayList<>();
        bases.forEach(b -> waits.add(backoff.next(false)));

        for (int i = 0; i < bases.size(); i++) {
            long millis = waits.get(i).toMillis();
            assertTrue(millis >= bases.get(i) / 2 && millis <= bases.get(i), i + ": " + millis);
        }
    }

    @Test
    void aChangeBringsTheWaitBackToTheStart() {
        Backoff backoff = new Backoff(POLLING, new Random(7));
        for (int i = 0; i < 5; i++) {
            backoff.next(false);
        }

        long afterChange = backoff.next(true).toMillis();
        long next = backoff.next(false).toMillis();

        assertTrue(afterChange >= 1_000 && afterChange <= 2_000, String.valueOf(afterChange));
        assertTrue(next >= 2_000 && next <= 4_000, String.valueOf(next));
    }

    @Test
    void jitterSpreadsControllersThatStartedTogether() {
        Backoff a = new Backoff(POLLING, new Random(1));
        Backoff b = new Backoff(POLLING, new Random(2));
        a.next(false);
        b.next(false);

        assertEquals(false, a.next(false).equals(b.next(false)));
    }
}
