package dev.mlops.gitops;

import java.util.Set;

/** The Git trailer keys the controller writes, so callers and readers spell them the same way. */
public final class Trailers {
    /** Who asked for the change; always written by the store from {@link ChangeRequest#author()}. */
    public static final String CHANGED_BY = "Changed-By";
    /** What the environment wanted before ({@code GROUP/VERSION} or {@code none}); written by the store. */
    public static final String PREVIOUS_VERSION = "Previous-Version";
    /**
     * One id per requested change, written by the store: two writers asking for the same change at the
     * same second make different commits, so a writer can tell its own push from another's.
     */
    public static final String CHANGE_ID = "Change-Id";
    /** approve | reject-rollback | promote | rollback. */
    public static final String CHANGE_KIND = "Change-Kind";
    public static final String MODEL_PACKAGE = "Model-Package";
    public static final String SOURCE_EXECUTION = "Source-Execution";
    public static final String SOURCE_COMMIT = "Source-Commit";
    public static final String APPROVED_BY = "Approved-By";
    public static final String APPROVAL_REASON = "Approval-Reason";
    /** {@code env@commit} a promotion came from. */
    public static final String PROMOTED_FROM = "Promoted-From";
    /** The evidence of a promotion: the smoke run's outcome, the URL it called, the variant and config that answered. */
    public static final String SMOKE_RESULT = "Smoke-Result";
    public static final String SMOKE_URL = "Smoke-Url";
    public static final String SMOKE_VARIANT = "Smoke-Variant";
    public static final String SMOKE_ENDPOINT_CONFIG = "Smoke-Endpoint-Config";
    /** What a rollback left, and the rule that allowed it (previous | served-before | passed-in-source | forced). */
    public static final String ROLLED_BACK_FROM = "Rolled-Back-From";
    public static final String ROLLBACK_RULE = "Rollback-Rule";
    /** Why a rule was overridden, and by whom: only written by an explicit --force. */
    public static final String OVERRIDE = "Override";

    /** Keys only the store writes; a request that sets them is refused. */
    static final Set<String> RESERVED = Set.of(CHANGED_BY.toLowerCase(), PREVIOUS_VERSION.toLowerCase(),
            CHANGE_ID.toLowerCase());

    private Trailers() {
    }
}
