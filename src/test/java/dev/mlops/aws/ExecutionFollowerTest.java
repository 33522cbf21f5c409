package dev.mlops.aws;

import dev.mlops.Polling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.pipeline.BuildListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long follow in virtual time: the clock moves only when the follower sleeps. */
class ExecutionFollowerTest {
    @TempDir
    Path dir;

    @Test
    void backsOffFromTwoToThirtySecondsAndStopsWaitingAtItsOwnDeadline() {
        try (AwsFakes aws = AwsFakes.start(dir); AwsClients clients = aws.clients()) {
            aws.sageMaker.evaluationMetrics(AwsFakes.metrics(0.9)).ticksPerStep(1_000_000);
            String arn = (String) aws.build("--timeout", "1ms").json().get("execution_arn");
            VirtualClock clock = new VirtualClock();
            List<Duration> sleeps = new ArrayList<>();
            Timing timing = new Timing(clock, d -> {
                sleeps.add(d);
                clock.advance(d);
            });

            ExecutionFollower.Outcome outcome = new ExecutionFollower(clients.sageMaker(), Polling.DEFAULT, timing)
                    .follow(arn, Optional.of(clock.instant().plus(Duration.ofMinutes(10))), BuildListener.NONE);

            assertEquals(Optional.of("--timeout expired"), outcome.stillRunningBecause());
            assertEquals(Duration.ofMinutes(10), sleeps.stream().reduce(Duration.ZERO, Duration::plus),
                    "the last wait is cut to the deadline");
            assertTrue(sleeps.get(0).compareTo(Duration.ofSeconds(1)) >= 0 && sleeps.get(0).compareTo(Duration.ofSeconds(2)) <= 0,
                    sleeps.toString());
            assertTrue(sleeps.stream().allMatch(d -> d.compareTo(Duration.ofSeconds(30)) <= 0), sleeps.toString());
            assertTrue(sleeps.subList(5, sleeps.size() - 1).stream().allMatch(d -> d.compareTo(Duration.ofSeconds(15)) >= 0),
                    "after a few quiet polls the waits stay near the cap: " + sleeps);
        }
    }

    /** A clock the sleeper moves. */
    static final class VirtualClock extends Clock {
        private Instant now = Instant.parse("2026-01-26T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
