package dev.mlops.gitops.git;

import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.gitops.Trailers;
import dev.mlops.registry.ModelPackageRef;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Commit messages of desired-state changes: a subject that says what changed
 * ({@code staging: deploy group/3}), the reason as the body, and Git trailers ({@code Key: value}
 * lines after a blank line) that record who and the evidence, readable by {@code git log} and
 * {@code git interpret-trailers} as well as by {@link DesiredStateStore#history}.
 */
final class CommitMessages {
    private static final Pattern NAME_AND_EMAIL = Pattern.compile("(.+?)\\s*<([^<>]*)>");

    private CommitMessages() {
    }

    static String format(ChangeRequest request, Optional<ModelPackageRef> previous, String changeId) {
        StringBuilder message = new StringBuilder(request.env()).append(": ").append(subject(request)).append("\n\n");
        if (!request.reason().isEmpty()) {
            message.append(request.reason()).append("\n\n");
        }
        message.append(Trailers.CHANGED_BY).append(": ").append(request.author()).append('\n');
        message.append(Trailers.PREVIOUS_VERSION).append(": ").append(previous.map(Object::toString).orElse("none"))
                .append('\n');
        message.append(Trailers.CHANGE_ID).append(": ").append(changeId).append('\n');
        for (Map.Entry<String, String> trailer : request.trailers().entrySet()) {
            message.append(trailer.getKey()).append(": ").append(trailer.getValue()).append('\n');
        }
        return message.toString();
    }

    private static String subject(ChangeRequest request) {
        if (request.newVersion().isEmpty()) {
            return "clear model package";
        }
        String version = request.newVersion().get().toString();
        String kind = request.trailers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(Trailers.CHANGE_KIND)).map(Map.Entry::getValue)
                .findFirst().orElse("");
        return switch (kind) {
            case "promote" -> "promote " + version;
            case "rollback", "reject-rollback" -> "roll back to " + version;
            default -> "deploy " + version;
        };
    }

    /**
     * {@code "Name <email>"} as a Git identity at {@code when}; a name alone gets {@code fallbackEmail}
     * (the controller's), since Git tools expect every identity to have one.
     */
    static PersonIdent person(String author, String fallbackEmail, Instant when) {
        Matcher matcher = NAME_AND_EMAIL.matcher(author);
        if (matcher.matches() && !matcher.group(2).isBlank()) {
            return new PersonIdent(matcher.group(1), matcher.group(2), when, ZoneOffset.UTC);
        }
        return new PersonIdent(matcher.matches() ? matcher.group(1) : author, fallbackEmail, when, ZoneOffset.UTC);
    }

    /** {@code "Name <email>"}, or the name alone for identities written before commits carried an email. */
    static String author(PersonIdent person) {
        return person.getEmailAddress().isEmpty() ? person.getName()
                : person.getName() + " <" + person.getEmailAddress() + ">";
    }
}
