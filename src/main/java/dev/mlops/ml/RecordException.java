package dev.mlops.ml;

import dev.mlops.InputException;

/** A record sent for featurizing is malformed: wrong field count, non-numeric value, unknown category. */
public final class RecordException extends InputException {
    private static final long serialVersionUID = 1L;

    public RecordException(String message) {
        super(message);
    }
}
