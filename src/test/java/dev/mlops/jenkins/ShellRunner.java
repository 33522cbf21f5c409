package dev.mlops.jenkins;

import java.nio.file.Path;
import java.util.Map;

/** Runs the script of an {@code sh} step in a directory with the build's environment. */
public interface ShellRunner {
    Result run(String script, Path cwd, Map<String, String> env);

    /** The script's exit code, its standard output and its standard error (the build log). */
    record Result(int exit, String stdout, String stderr) {
    }
}
