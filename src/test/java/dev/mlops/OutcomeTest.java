package dev.mlops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlops.gitops.InvalidDesiredStateException;
import dev.mlops.gitops.UnknownEnvironmentException;
import dev.mlops.promote.Refusal;
import dev.mlops.promote.ReleaseRefusedException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void exitCodesAreDefinedOnceAndDistinctWithSeventyForABug() {
        assertEquals(List.of(0, 1, 2, 3, 70), List.of(ExitCodes.OK, ExitCodes.FAILED, ExitCodes.USAGE,
                ExitCodes.STILL_RUNNING, ExitCodes.INTERNAL));
        Set<Integer> used = Arrays.stream(Outcome.values()).map(Outcome::exitCode).collect(Collectors.toSet());
        assertEquals(Set.of(0, 1, 2, 3, 70), used);
    }

    @Test
    void eachOutcomeHasItsExitCode() {
        assertEquals(ExitCodes.OK, Outcome.SUCCEEDED.exitCode());
        assertEquals(ExitCodes.STILL_RUNNING, Outcome.WAITING.exitCode());
        assertEquals(ExitCodes.FAILED, Outcome.STALLED.exitCode());
        assertEquals(ExitCodes.FAILED, Outcome.TRANSIENT.exitCode());
        assertEquals(ExitCodes.USAGE, Outcome.INPUT.exitCode());
        assertEquals(ExitCodes.INTERNAL, Outcome.INTERNAL.exitCode());
    }

    @Test
    void mapsEachKindOfErrorToItsOutcomeAndExitCode() {
        assertMapped(Outcome.INPUT, 2, new InputException("cannot parse duration 'x' (--every)"));
        assertMapped(Outcome.INPUT, 2, new InvalidDesiredStateException("staging", "abc", "cannot read", null));
        assertMapped(Outcome.INPUT, 2, new UnknownEnvironmentException("qa", List.of("staging"), "cannot read"));
        assertMapped(Outcome.STALLED, 1, new WorkFailedException("cannot promote: refused"));
        assertMapped(Outcome.STALLED, 1, new ReleaseRefusedException("promote", "prod", "g/1", "cannot promote",
                List.of(new Refusal("approver", "prod requires a named approver"))));
        assertMapped(Outcome.TRANSIENT, 1, new UnavailableException("cannot fetch: connection refused"));
    }

    @Test
    void anythingElseIsABugWithExitSeventy() {
        assertEquals(Outcome.INTERNAL, Outcome.of(new IllegalStateException("bug")));
        assertEquals(Outcome.INTERNAL, Outcome.of(new NullPointerException()));
        assertEquals(Outcome.INTERNAL, Outcome.of(new AssertionError("bug")));
        assertEquals(70, Outcome.of(new RuntimeException("bug")).exitCode());
    }

    @Test
    void exceptionsCarryTheirData() {
        assertEquals("staging", new InvalidDesiredStateException("staging", "abc", "m", null).details().get("env"));
        assertEquals("abc", new InvalidDesiredStateException("staging", "abc", "m", null).details().get("commit"));
        ReleaseRefusedException refused = new ReleaseRefusedException("rollback", "prod", "g/2", "cannot roll back",
                List.of(new Refusal("served-before", "prod never served it")));
        assertEquals("prod", refused.details().get("env"));
        assertEquals("g/2", refused.details().get("version"));
        assertEquals("cannot roll back: prod never served it", refused.getMessage());
    }

    private static void assertMapped(Outcome outcome, int exitCode, MlopsException error) {
        assertEquals(outcome, Outcome.of(error), error.getClass().getSimpleName());
        assertEquals(outcome, error.outcome(), error.getClass().getSimpleName());
        assertEquals(exitCode, error.exitCode(), error.getClass().getSimpleName());
    }
}
