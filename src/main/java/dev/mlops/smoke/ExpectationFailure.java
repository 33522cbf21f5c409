package dev.mlops.smoke;

/**
 * One expectation a case's answer did not meet.
 *
 * @param check what was checked, e.g. {@code status} or {@code predictions[0].predicted_label}
 * @param expected what the suite asked for
 * @param actual what the answer had (already shortened and cleaned for reports)
 */
public record ExpectationFailure(String check, String expected, String actual) {

    /** "status: expected 200, actual 500". */
    public String message() {
        return check + ": expected " + expected + ", actual " + actual;
    }
}
