package dev.mlops.server;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids of the API route and the endpoint: random version-4 UUIDs from the calling thread's
 * generator. They name a request and protect nothing, so they need not come from SecureRandom,
 * whose one lock every request thread would otherwise queue on.
 */
final class RequestIds {
    private RequestIds() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
