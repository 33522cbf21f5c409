package dev.mlops.registry;

import dev.mlops.InputException;
import java.util.regex.Pattern;

/** Names one model package: its group and its version (1, 2, 3... within the group). */
public record ModelPackageRef(String group, int version) {
    /** SageMaker's rule for {@code ModelPackageGroupName}. */
    private static final Pattern GROUP_NAME = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$");
    private static final String GROUP_RULE =
            "1-63 letters, digits or hyphens, starting and ending with a letter or digit";

    public ModelPackageRef {
        requireValidGroup(group, "refer to model package " + group + "/" + version);
        if (version < 1) {
            throw new InputException("cannot refer to model package " + group + "/" + version
                    + ": version must be 1 or more");
        }
    }

    /** Parses {@code GROUP/VERSION}, e.g. {@code end-to-end-ml-sm-model-package-group/3}. */
    public static ModelPackageRef parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        String what = "cannot parse model package reference '" + trimmed + "': ";
        int slash = trimmed.lastIndexOf('/');
        if (slash < 0) {
            throw new InputException(what + "expected GROUP/VERSION, e.g. my-models/3");
        }
        String group = trimmed.substring(0, slash);
        String version = trimmed.substring(slash + 1);
        if (!isValidGroupName(group)) {
            throw new InputException(what + "group name '" + group + "' must be " + GROUP_RULE);
        }
        if (!version.matches("[0-9]{1,9}")) {
            throw new InputException(what + "version '" + version + "' is not a whole number");
        }
        int number = Integer.parseInt(version);
        if (number < 1) {
            throw new InputException(what + "version must be 1 or more");
        }
        return new ModelPackageRef(group, number);
    }

    /** Whether {@code name} is a legal SageMaker model package group name. */
    public static boolean isValidGroupName(String name) {
        return name != null && GROUP_NAME.matcher(name).matches();
    }

    /** Throws "cannot {@code action}: group name ... must be ..." unless the name is legal. */
    public static String requireValidGroup(String name, String action) {
        if (!isValidGroupName(name)) {
            throw new InputException("cannot " + action + ": group name '" + name + "' must be " + GROUP_RULE);
        }
        return name;
    }

    @Override
    public String toString() {
        return group + "/" + version;
    }
}
