package dev.mlops.aws;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, for names that must be the same whenever the content is. */
final class Digests {
    private Digests() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    static String hex(MessageDigest digest, int hexChars) {
        return HexFormat.of().formatHex(digest.digest()).substring(0, hexChars);
    }
}
