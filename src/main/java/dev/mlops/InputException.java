package dev.mlops;

/** The user's input is wrong (a file, a flag, a data cell); the message names it and where. Exit 2. */
public class InputException extends MlopsException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Outcome outcome() {
        return Outcome.INPUT;
    }
}
