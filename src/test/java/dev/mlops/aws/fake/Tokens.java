package dev.mlops.aws.fake;

/** SageMaker's idempotency tokens are 32 to 128 characters; shorter ones are rejected, not padded. */
final class Tokens {
    private Tokens() {
    }

    static String check(String token, String member) {
        if (token.length() < 32 || token.length() > 128) {
            throw ApiError.validation("1 validation error detected: Value '" + token + "' at '" + member
                    + "' failed to satisfy constraint: Member must have length between 32 and 128");
        }
        return token;
    }
}
