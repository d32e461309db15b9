package io.quarry.dsl.canon;

import java.nio.charset.StandardCharsets;

/** A 64-bit hash of a canonical formula's text (FNV-1a), printed as 16 hex digits. */
public final class StructuralHash {

    private StructuralHash() {
    }

    public static String of(String canonicalText) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : canonicalText.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        String hex = Long.toHexString(hash);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
