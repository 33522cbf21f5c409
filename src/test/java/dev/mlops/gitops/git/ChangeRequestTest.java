package dev.mlops.gitops.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.Trailers;
import dev.mlops.registry.ModelPackageRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;

class ChangeRequestTest {
    static final Optional<ModelPackageRef> G3 = Optional.of(new ModelPackageRef("g", 3));

    @Test
    void keepsTrailersInTheGivenOrder() {
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("Source-Execution", "exec-1");
        trailers.put("Approved-By", "carol");
        trailers.put("Model-Package", "arn:x");
        ChangeRequest request = new ChangeRequest("prod", G3, "  alice ", null, trailers);
        assertEquals(List.of("Source-Execution", "Approved-By", "Model-Package"),
                List.copyOf(request.trailers().keySet()));
        assertEquals("alice", request.author());
        assertEquals("", request.reason());
    }

    @Test
    void refusesTrailersThatWouldForgeOthers() {
        assertTrue(refused(Map.of("Smoke-Result", "passed\nApproved-By: mallory"))
                .contains("needs a value on a single line"));
        assertTrue(refused(Map.of("Approved By", "x")).contains("trailer key 'Approved By' must be letters"));
        assertTrue(refused(Map.of("changed-by", "mallory")).contains("trailer changed-by is written by the store"));
        assertTrue(refused(Map.of("Approved-By", " ")).contains("needs a value"));
    }

    @Test
    void refusesABadEnvironmentOrAuthor() {
        assertThrows(InputException.class, () -> new ChangeRequest("../prod", G3, "alice", "", Map.of()));
        assertThrows(InputException.class, () -> new ChangeRequest("prod", G3, " ", "", Map.of()));
        assertThrows(InputException.class, () -> new ChangeRequest("prod", G3, "alice\nCommitter: x", "", Map.of()));
        assertThrows(InputException.class, () -> new ChangeRequest("prod", G3, "a <b> <c>", "", Map.of()));
    }

    @Test
    void theSubjectSaysWhatKindOfChangeItIs() {
        assertEquals("prod: promote g/3", subject(G3, "promote"));
        assertEquals("staging: roll back to g/3", subject(G3, "reject-rollback"));
        assertEquals("staging: roll back to g/3", subject(G3, "rollback"));
        assertEquals("staging: deploy g/3", subject(G3, "approve"));
        assertEquals("staging: clear model package", subject(Optional.empty(), "reject-rollback"));
    }

    @Test
    void authorsWithAndWithoutEmailRoundTrip() {
        Instant when = Instant.parse("2025-01-02T03:04:05Z");
        PersonIdent withEmail = CommitMessages.person("Alice Smith <alice@example.com>", "mlops@ci.example", when);
        assertEquals("Alice Smith", withEmail.getName());
        assertEquals("alice@example.com", withEmail.getEmailAddress());
        assertEquals(when, withEmail.getWhenAsInstant());
        assertEquals("Alice Smith <alice@example.com>", CommitMessages.author(withEmail));
        PersonIdent nameOnly = CommitMessages.person("jenkins", "mlops@ci.example", when);
        assertEquals("mlops@ci.example", nameOnly.getEmailAddress(), "a name alone gets the controller's e-mail");
        assertEquals("jenkins <mlops@ci.example>", CommitMessages.author(nameOnly));
        assertEquals("mlops@ci.example", CommitMessages.person("Bob <>", "mlops@ci.example", when).getEmailAddress());
    }

    private static String subject(Optional<ModelPackageRef> version, String kind) {
        String env = kind.equals("promote") ? "prod" : "staging";
        ChangeRequest request = new ChangeRequest(env, version, "alice", "", Map.of(Trailers.CHANGE_KIND, kind));
        return CommitMessages.format(request, Optional.empty(), "id").lines().findFirst().orElseThrow();
    }

    private static String refused(Map<String, String> trailers) {
        return assertThrows(InputException.class, () -> new ChangeRequest("prod", G3, "alice", "", trailers))
                .getMessage();
    }
}
