package dev.mlops.gitops;

import java.util.Set;

/** The Git trailer keys the controller writes, so callers and readers spell them the same way. */
public final class Trailers {
    /** Who asked for the change; always written by the store from {@link ChangeRequest#author()}. */
    public static final String CHANGED_BY = "Changed-By";
    /** What the environment wanted before ({@code GROUP/VERSION} or {@code none}); written by the store. */
    public static final String PREVIOUS_VERSION = "Previous-Version";
    /** approve | reject-rollback | promote | rollback. */
    public static final String CHANGE_KIND = "Change-Kind";
    public static final String MODEL_PACKAGE = "Model-Package";
    public static final String SOURCE_EXECUTION = "Source-Execution";
    public static final String SMOKE_RESULT = "Smoke-Result";
    public static final String APPROVED_BY = "Approved-By";

    /** Keys only the store writes; a request that sets them is refused. */
    static final Set<String> RESERVED = Set.of(CHANGED_BY.toLowerCase(), PREVIOUS_VERSION.toLowerCase());

    private Trailers() {
    }
}
