package dev.mlops.aws.fake;

import java.util.Locale;

/** ARNs in the shapes SageMaker returns; SageMaker lower-cases resource names inside ARNs. */
final class Arns {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    private static final String PREFIX = "arn:aws:sagemaker:" + REGION + ":" + ACCOUNT + ":";

    private Arns() {
    }

    static String of(String resourceType, String name) {
        return PREFIX + resourceType + "/" + name.toLowerCase(Locale.ROOT);
    }

    static String execution(String pipelineName, String executionId) {
        return of("pipeline", pipelineName) + "/execution/" + executionId;
    }

    /** A versioned package's ARN is its group's name plus the version number. */
    static String modelPackage(String groupName, int version) {
        return of("model-package", groupName) + "/" + version;
    }

    static boolean isArn(String nameOrArn) {
        return nameOrArn.startsWith("arn:");
    }
}
