package dev.mlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlLoopTest {
    private static final Duration EVERY = Duration.ofSeconds(30);
    private final List<RuntimeException> shown = new ArrayList<>();

    /** Records every wait and stops the loop, as a Ctrl-C would, after {@code max} of them; never sleeps. */
    private static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new ArrayList<>();
        private final int max;

        RecordingSleeper(int max) {
            this.max = max;
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            waits.add(duration);
            if (waits.size() >= max) {
                throw new InterruptedException("stopped after " + max + " waits");
            }
        }
    }

    /** A pass that plays the outcomes (or throws the exceptions) given, in order. */
    private static ControlLoop.Pass passes(Object... endings) {
        Deque<Object> left = new ArrayDeque<>(Arrays.asList(endings));
        return () -> {
            Object next = left.isEmpty() ? Outcome.SUCCEEDED : left.poll();
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return (Outcome) next;
        };
    }

    @Test
    void refusesAZeroInterval() {
        InputException error = assertThrows(InputException.class,
                () -> new ControlLoop(Duration.ZERO, "--every", d -> { }, shown::add));

        assertTrue(error.getMessage().contains("--every"), error.getMessage());
        assertEquals(ExitCodes.USAGE, error.exitCode());
    }

    @Test
    void refusesANegativeIntervalNamingTheOption() {
        InputException error = assertThrows(InputException.class,
                () -> new ControlLoop(Duration.ofSeconds(-5), "--interval", d -> { }, shown::add));

        assertTrue(error.getMessage().contains("--interval"), error.getMessage());
    }

    @Test
    void waitsTheIntervalAfterSuccessAndAfterAStall() {
        RecordingSleeper sleeper = new RecordingSleeper(3);

        assertStopped(loop(sleeper).run(passes(Outcome.SUCCEEDED, Outcome.STALLED,
                Outcome.SUCCEEDED)));

        assertEquals(List.of(EVERY, EVERY, EVERY), sleeper.waits);
    }

    @Test
    void comesBackSoonWhileRemoteWorkGoesOn() {
        RecordingSleeper sleeper = new RecordingSleeper(2);

        assertStopped(loop(sleeper).run(passes(Outcome.WAITING, Outcome.SUCCEEDED)));

        assertEquals(List.of(Duration.ofSeconds(5), EVERY), sleeper.waits);
    }

    @Test
    void neverRequeuesLaterThanTheInterval() {
        RecordingSleeper sleeper = new RecordingSleeper(1);
        ControlLoop loop = new ControlLoop(Duration.ofSeconds(2), "--every", sleeper, shown::add);

        assertStopped(loop.run(passes(Outcome.WAITING)));

        assertEquals(List.of(Duration.ofSeconds(2)), sleeper.waits);
    }

    @Test
    void backsOffExponentiallyWhileADependencyKeepsFailingAndCapsTheWait() {
        RecordingSleeper sleeper = new RecordingSleeper(12);
        Object[] failures = new Object[12];
        Arrays.fill(failures, new UnavailableException("cannot fetch the desired state: connection refused"));

        assertStopped(loop(sleeper).run(passes(failures)));

        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L, 300L),
                sleeper.waits.stream().map(Duration::toSeconds).toList());
        assertEquals(12, shown.size(), "every failed pass is shown");
    }

    @Test
    void startsTheBackoffAgainAfterAPassThatWorked() {
        RecordingSleeper sleeper = new RecordingSleeper(5);

        assertStopped(loop(sleeper).run(passes(Outcome.TRANSIENT, Outcome.TRANSIENT,
                Outcome.SUCCEEDED, Outcome.TRANSIENT, Outcome.TRANSIENT)));

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), EVERY, Duration.ofSeconds(1),
                Duration.ofSeconds(2)), sleeper.waits);
    }

    @Test
    void anInputErrorInTheFirstPassEndsTheLoopWithExitTwo() {
        RecordingSleeper sleeper = new RecordingSleeper(10);
        InputException wrongFlag = new InputException("cannot read desired state of 'stagin': no such environment");

        int exit = loop(sleeper).run(passes(wrongFlag));

        assertEquals(ExitCodes.USAGE, exit);
        assertEquals(List.of(wrongFlag), shown);
        assertEquals(List.of(), sleeper.waits);
    }

    @Test
    void anInputErrorInALaterPassIsShownAndTheLoopGoesOn() {
        RecordingSleeper sleeper = new RecordingSleeper(3);
        InputException brokenFile = new InputException("cannot read desired state of 'staging': unknown key 'replicas'");

        assertStopped(loop(sleeper).run(passes(Outcome.SUCCEEDED, brokenFile,
                Outcome.SUCCEEDED)));

        assertEquals(List.of(brokenFile), shown);
        assertEquals(List.of(EVERY, EVERY, EVERY), sleeper.waits);
    }

    @Test
    void aStalledErrorIsShownAndWaitsTheInterval() {
        RecordingSleeper sleeper = new RecordingSleeper(1);
        WorkFailedException refused = new WorkFailedException("cannot deploy: not approved");

        assertStopped(loop(sleeper).run(passes(refused)));

        assertEquals(List.of(refused), shown);
        assertEquals(List.of(EVERY), sleeper.waits);
    }

    @Test
    void rethrowsABugWithoutWaiting() {
        RecordingSleeper sleeper = new RecordingSleeper(10);
        IllegalStateException bug = new IllegalStateException("the last step of a reconcile always ends it");

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> loop(sleeper).run(passes(Outcome.SUCCEEDED, bug)));

        assertSame(bug, thrown);
        assertEquals(List.of(), shown, "a bug is not shown as a pass's error");
        assertEquals(List.of(EVERY), sleeper.waits);
    }

    /** A person stopping the loop (the sleeper's interrupt) ends it with exit 0 and keeps the interrupt for the caller. */
    private static void assertStopped(int exit) {
        assertEquals(ExitCodes.OK, exit);
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    }

    private ControlLoop loop(Sleeper sleeper) {
        return new ControlLoop(EVERY, "--every", sleeper, shown::add);
    }
}
