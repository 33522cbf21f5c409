package dev.mlops.server;

import static org.junit.jupiter.api.Assertions.fail;

import dev.mlops.deploy.EndpointDeployer;
import dev.mlops.deploy.EndpointDescription;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Waits for an endpoint to reach a state. The deadline is only a guard against a hung test, not a
 * speed expectation: the serving process gets all the time a loaded machine needs.
 */
public final class Awaits {
    private static final Duration GUARD = Duration.ofMinutes(2);

    private Awaits() {
    }

    public static EndpointDescription endpoint(EndpointDeployer deployer, String name, Predicate<EndpointDescription> until,
                                               String what) {
        long deadline = System.nanoTime() + GUARD.toNanos();
        Optional<EndpointDescription> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = deployer.describe(name);
            if (last.filter(until).isPresent()) {
                return last.get();
            }
            sleep(20);
        }
        return fail("endpoint " + name + " never reached: " + what + "; last seen " + last);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
