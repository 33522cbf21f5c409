package dev.mlops.spec;

import dev.mlops.InputException;

/** A spec file is wrong; the message names the file, line, column and field. */
public final class SpecException extends InputException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }
}
