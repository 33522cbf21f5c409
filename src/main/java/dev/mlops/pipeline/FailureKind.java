package dev.mlops.pipeline;

/** Why a build did not succeed, which decides the exit code: bad input (2) or failed work (1). */
public enum FailureKind {
    NONE, INPUT, WORK, STILL_RUNNING
}
