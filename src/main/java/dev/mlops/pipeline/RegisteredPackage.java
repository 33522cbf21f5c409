package dev.mlops.pipeline;

/** The model package a build registered. */
public record RegisteredPackage(String group, int version, String arn, String approvalStatus) {
}
