package dev.mlops.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import dev.mlops.smoke.SmokeRecord.AnsweredBy;
import dev.mlops.smoke.SmokeRecord.Counts;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmokeRecordTest {
    private static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void onlyTheEnvironmentsOwnApiWithItsOwnSuiteIsEvidence() {
        assertTrue(SmokeRecords.evidence("staging", "g/3", "v3-0123abcd", true, AT).evidence());
        assertFalse(SmokeRecords.elsewhere("staging", "g/3", "v3-0123abcd", true, AT).evidence());
        assertFalse(SmokeRecords.otherSuite("staging", "g/3", "v3-0123abcd", true, AT).evidence());
    }

    @Test
    void isAnsweredByTheVersionItsVariantStandsForIgnoringTheGroupsCase() {
        SmokeRecord run = SmokeRecords.evidence("staging", "My-Group/3", "v3-0123abcd", true, AT);
        assertTrue(run.answeredBy("my-group/3"));
        assertFalse(run.answeredBy("my-group/31"));
        assertFalse(run.answeredBy("other/3"));
    }

    @Test
    void severalVariantsNameNoSingleVariant() {
        AnsweredBy two = new AnsweredBy(List.of("v3-0123abcd", "v4-89abcdef"), Optional.empty(), Optional.empty(),
                Optional.empty());
        assertEquals(Optional.empty(), two.variant());
        assertEquals(Optional.empty(), AnsweredBy.NOBODY.variant());
    }

    @Test
    void passesOnlyWhenSomeCasesRanAndNoneFailed() {
        assertTrue(new Counts(3, 0).passed());
        assertFalse(new Counts(3, 1).passed());
        assertFalse(new Counts(0, 0).passed());
        assertEquals("passed 10/10", SmokeRecords.evidence("staging", "g/3", "v3-0123abcd", true, AT).summary());
        assertEquals("failed 2 of 10", SmokeRecords.evidence("staging", "g/3", "v3-0123abcd", false, AT).summary());
    }

    @Test
    void countsMustBeConsistentAndTheEnvironmentNamed() {
        assertThrows(InputException.class, () -> new Counts(1, 2));
        assertThrows(InputException.class, () -> new Counts(-1, 0));
        SmokeRecord run = SmokeRecords.evidence("staging", "g/3", "v3-0123abcd", true, AT);
        assertThrows(InputException.class, () -> new SmokeRecord(" ", run.called(), run.answeredBy(), run.counts(), AT, "r"));
    }
}
