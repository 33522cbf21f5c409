package dev.mlops.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SmokeRecordTest {
    private static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void isTakenFromAReportAgainstTheVersionServed() {
        SmokeReport report = JUnitXmlReportTest.report();
        SmokeRecord record = SmokeRecord.of(report, "group/3", "/r/TEST-smoke-staging.xml");
        assertEquals(new SmokeRecord("staging", "group/3", false, 3, 2, SmokeRunnerTest.NOW, "/r/TEST-smoke-staging.xml"),
                record);
    }

    @Test
    void matchesAReferenceOrAnArnOfTheSameVersion() {
        SmokeRecord record = new SmokeRecord("staging", "My-Group/3", true, 1, 0, AT, "r");
        assertTrue(record.isFor("My-Group/3"));
        assertTrue(record.isFor(" my-group/3 "));
        assertTrue(record.isFor("arn:aws:sagemaker:eu-west-1:123456789012:model-package/my-group/3"));
        assertFalse(record.isFor("my-group/31"));
        assertFalse(record.isFor("arn:aws:sagemaker:eu-west-1:123456789012:model-package/my-group/4"));
    }

    @Test
    void countsMustAgreeWithPassed() {
        assertThrows(InputException.class, () -> new SmokeRecord("staging", "g/1", true, 3, 1, AT, "r"));
        assertThrows(InputException.class, () -> new SmokeRecord("staging", "g/1", false, 3, 0, AT, "r"));
        assertThrows(InputException.class, () -> new SmokeRecord("staging", "g/1", true, 0, 0, AT, "r"));
        assertThrows(InputException.class, () -> new SmokeRecord("staging", "g/1", false, 1, 2, AT, "r"));
        assertThrows(InputException.class, () -> new SmokeRecord(" ", "g/1", true, 1, 0, AT, "r"));
    }
}
