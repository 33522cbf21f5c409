package dev.mlops.gitops;

import dev.mlops.InputException;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.spec.EnvironmentSpecParser;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A change of one environment's desired model package ({@code newVersion} empty: serve none),
 * with who asks ({@code "Name"} or {@code "Name <email>"}), why, and the evidence as Git trailers
 * in order (see {@link Trailers}), e.g. {@code Model-Package: arn}, {@code Smoke-Result: passed 12/12}.
 */
public record ChangeRequest(String env, Optional<ModelPackageRef> newVersion, String author, String reason,
        Map<String, String> trailers) {
    private static final Pattern TRAILER_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");
    private static final Pattern AUTHOR = Pattern.compile("[^<>\\r\\n]+( <[^<>\\s]*>)?");

    public ChangeRequest {
        String what = "cannot change desired state of '" + env + "': ";
        if (!EnvironmentSpecParser.isValidEnvironmentName(env)) {
            throw new InputException(what + "an environment name has lower-case letters, digits and inner hyphens");
        }
        if (author == null || author.isBlank() || !AUTHOR.matcher(author.strip()).matches()) {
            throw new InputException(what + "the author must be a name, optionally followed by <email>");
        }
        author = author.strip();
        reason = reason == null ? "" : reason.strip();
        trailers = checked(trailers, what);
    }

    private static Map<String, String> checked(Map<String, String> trailers, String what) {
        Map<String, String> copy = new LinkedHashMap<>();
        trailers.forEach((key, value) -> {
            if (!TRAILER_KEY.matcher(key).matches()) {
                throw new InputException(what + "trailer key '" + key + "' must be letters, digits and hyphens");
            }
            if (Trailers.RESERVED.contains(key.toLowerCase())) {
                throw new InputException(what + "trailer " + key + " is written by the store itself");
            }
            if (value == null || value.isBlank() || value.contains("\n") || value.contains("\r")) {
                throw new InputException(what + "trailer " + key + " needs a value on a single line");
            }
            copy.put(key, value.strip());
        });
        return Collections.unmodifiableMap(copy);
    }
}
