package dev.mlops.fakes;

import java.util.Optional;

/** A port's scripted failure (an unchecked exception, or an Error for the next call): the next call, or every call until recovered, throws the error given. */
final class Faults {
    private Optional<Throwable> next = Optional.empty();
    private Optional<RuntimeException> always = Optional.empty();

    void failNext(Throwable error) {
        next = Optional.of(error);
    }

    void failAlways(RuntimeException error) {
        always = Optional.of(error);
    }

    void recover() {
        next = Optional.empty();
        always = Optional.empty();
    }

    /** Throws the scripted error, if any; a one-off error is used up. */
    void check() {
        if (next.isPresent()) {
            Throwable error = next.get();
            next = Optional.empty();
            if (error instanceof Error bad) {
                throw bad;
            }
            throw (RuntimeException) error;
        }
        if (always.isPresent()) {
            throw always.get();
        }
    }
}
