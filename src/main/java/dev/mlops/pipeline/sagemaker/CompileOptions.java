package dev.mlops.pipeline.sagemaker;

import dev.mlops.InputException;
import java.util.regex.Pattern;

/**
 * What a SageMaker pipeline definition needs beyond the spec: the region (which picks the
 * images), the IAM role the processing and training jobs run as (SageMaker takes it per job, and
 * a literal ARN keeps it out of the parameters a console user may change), where files live in
 * S3, and the image versions. The spec's {@code images} map overrides the image table.
 */
public record CompileOptions(String region, String executionRole, S3Locations s3, FrameworkVersions frameworks) {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

    public CompileOptions {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new InputException("cannot compile for region '" + region + "': expected an AWS region name like us-east-1");
        }
        if (executionRole == null || !ROLE.matcher(executionRole).matches()) {
            throw new InputException("cannot use execution role '" + executionRole
                    + "': expected an IAM role ARN like arn:aws:iam::123456789012:role/NAME");
        }
        if (s3 == null || frameworks == null) {
            throw new InputException("cannot compile pipeline: S3 locations and framework versions are required");
        }
    }

    /** Options with files under {@code s3Prefix} (code in {@code s3Prefix/code}) and the default image versions. */
    public static CompileOptions of(String region, String executionRole, String s3Prefix) {
        return new CompileOptions(region, executionRole, S3Locations.under(s3Prefix), FrameworkVersions.DEFAULT);
    }

    public CompileOptions withS3(S3Locations locations) {
        return new CompileOptions(region, executionRole, locations, frameworks);
    }

    public CompileOptions withFrameworks(FrameworkVersions versions) {
        return new CompileOptions(region, executionRole, s3, versions);
    }
}
