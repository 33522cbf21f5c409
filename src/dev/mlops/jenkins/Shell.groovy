package dev.mlops.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Builds the one-line POSIX shell command that the steps hand to {@code sh}.
 *
 * Every word is single-quoted, a quote inside becoming '"'"'. Between single quotes a POSIX
 * shell expands nothing, so $, backticks, ;, \, spaces and newlines in a Jenkinsfile parameter
 * or a branch name reach the CLI as one literal argument. We prefer this to passing values
 * through environment variables: the command stays self-contained (no variable names to keep
 * apart across nested steps and parallel branches) and the {@code sh -x} trace in the build log
 * shows exactly the argv the CLI received.
 *
 * The command starts with exec: the CLI replaces the step's shell, so when Jenkins aborts the
 * build its SIGTERM goes to the CLI itself even where only the started process is signalled.
 */
final class Shell implements Serializable {
    private static final long serialVersionUID = 1L

    private Shell() {
    }

    @NonCPS
    static String quote(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'"
    }

    /** The command line that runs argv in place of the shell, its standard output sent to stdoutFile. */
    @NonCPS
    static String command(List<String> argv, String stdoutFile) {
        return 'exec ' + argv.collect { quote(it.toString()) }.join(' ') + ' > ' + quote(stdoutFile)
    }
}
