package dev.mlops.spec;

/** Where a value sits in a spec file, printed as {@code file:line:column}. */
public record Location(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
