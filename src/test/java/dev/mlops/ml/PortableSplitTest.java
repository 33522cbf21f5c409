package dev.mlops.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.mlops.ml.PortableSplit.Part;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PortableSplitTest {

    @Test
    void keyIsSplitMix64() {
        // Reference values of splitmix64 for state 0 advanced once: the published first output.
        assertEquals(0xE220A8397B1DCDAFL, PortableSplit.key(0, 1));
    }

    @Test
    void stratifiesEachClassWithRoundedCounts() {
        int[] labels = new int[1000];
        Arrays.fill(labels, 0, 34, 1);
        Part[] parts = PortableSplit.assign(labels, 0.1, 0.1, 0, true);
        assertEquals(28, count(parts, labels, Part.TRAIN, 1));
        assertEquals(3, count(parts, labels, Part.VALIDATION, 1));
        assertEquals(3, count(parts, labels, Part.TEST, 1));
        assertEquals(772, count(parts, labels, Part.TRAIN, 0));
        assertEquals(97, count(parts, labels, Part.VALIDATION, 0));
        assertEquals(97, count(parts, labels, Part.TEST, 0));
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        int[] labels = new int[500];
        for (int i = 0; i < labels.length; i += 7) {
            labels[i] = 1;
        }
        assertArrayEquals(PortableSplit.assign(labels, 0.2, 0.1, 3, true), PortableSplit.assign(labels, 0.2, 0.1, 3, true));
        assertNotEquals(Arrays.asList(PortableSplit.assign(labels, 0.2, 0.1, 3, true)),
                Arrays.asList(PortableSplit.assign(labels, 0.2, 0.1, 4, true)));
    }

    @Test
    void unstratifiedTreatsAllRowsAsOneClass() {
        int[] labels = new int[10];
        labels[0] = 1;
        Part[] parts = PortableSplit.assign(labels, 0.2, 0.0, 0, false);
        assertEquals(8, Arrays.stream(parts).filter(p -> p == Part.TRAIN).count());
        assertEquals(2, Arrays.stream(parts).filter(p -> p == Part.VALIDATION).count());
    }

    private static long count(Part[] parts, int[] labels, Part part, int label) {
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == part && labels[i] == label) {
                n++;
            }
        }
        return n;
    }
}
