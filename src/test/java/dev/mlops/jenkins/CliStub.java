package dev.mlops.jenkins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A stand-in for the mlops CLI, used ONLY where the tests check what the steps pass to the CLI
 * and what they make of its answers. It is a POSIX shell script run by a real /bin/sh: it
 * records its exact argv (NUL-separated, so any byte but NUL survives) and the AWS and Git
 * credential variables it was given, then answers with the canned JSON and exit code of its command
 * ("reconcile-prod", else "reconcile", else "default").
 */
final class CliStub {
    private static final String SCRIPT = """
            #!/bin/sh
            dir=$(dirname "$0")
            n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
            echo "$n" > "$dir/count"
            printf '%s\\0' "$@" > "$dir/call-$n.argv"
            printf '%s\\0' "${AWS_ACCESS_KEY_ID-}" "${AWS_SECRET_ACCESS_KEY-}" > "$dir/call-$n.aws"
            printf '%s\\0' "${MLOPS_GIT_USERNAME-}" "${MLOPS_GIT_TOKEN-}" > "$dir/call-$n.git"
            command=
            target=
            for arg in "$@"; do
              case "$arg" in
                --env=*) target=${arg#--env=} ;;
                -*) ;;
                *) [ -z "$command" ] && command=$arg ;;
              esac
            done
            key=$command-$target
            [ -f "$dir/$key.json" ] || key=$command
            [ -f "$dir/$key.json" ] || key=default
            cat "$dir/$key.json"
            exit "$(cat "$dir/$key.exit")"
            """;

    private final Path dir;

    CliStub(Path parent) {
        try {
            dir = Files.createDirectories(parent.resolve("stub cli's dir"));
            Path launcher = dir.resolve("mlops");
            Files.writeString(launcher, SCRIPT);
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reply("default", 0, "{}");
    }

    /** The launcher path; its directory name has a space and a quote, so quoting it is tested too. */
    String launcher() {
        return dir.resolve("mlops").toString();
    }

    /** What the stub answers to command (e.g. "build", "smoke-prod"): JSON on stdout and an exit code. */
    CliStub reply(String command, int exit, String json) {
        try {
            Files.writeString(dir.resolve(command + ".json"), json);
            Files.writeString(dir.resolve(command + ".exit"), Integer.toString(exit));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The argv of every call so far, in order. */
    List<List<String>> calls() {
        List<List<String>> calls = new ArrayList<>();
        for (int n = 1; Files.exists(dir.resolve("call-" + n + ".argv")); n++) {
            calls.add(read("call-" + n + ".argv"));
        }
        return calls;
    }

    List<String> lastCall() {
        List<List<String>> calls = calls();
        if (calls.isEmpty()) {
            throw new AssertionError("the CLI was never called");
        }
        return calls.get(calls.size() - 1);
    }

    /** AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as call n (from 1) saw them. */
    List<String> awsVariables(int n) {
        return read("call-" + n + ".aws");
    }

    /** MLOPS_GIT_USERNAME and MLOPS_GIT_TOKEN as call n (from 1) saw them. */
    List<String> gitVariables(int n) {
        return read("call-" + n + ".git");
    }

    private List<String> read(String file) {
        try {
            String text = Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : Arrays.asList(text.substring(0, text.length() - 1).split("\0", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
