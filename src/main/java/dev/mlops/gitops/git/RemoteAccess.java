package dev.mlops.gitops.git;

import dev.mlops.UnavailableException;
import dev.mlops.WorkFailedException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * How the store reaches the desired-state remote: its URL, the credentials for it, and the
 * redaction every message goes through so that neither the token nor a password written into
 * the URL is ever printed.
 */
final class RemoteAccess {
    /**
     * A URL's user info, as a whole: a token is often the user name, and a password may hold '@'
     * (unencoded), so everything from the scheme to the last '@' before the path is hidden. Only
     * an ssh user name with no password (ssh://git@host) is shown: it is never a secret.
     */
    /** The status code alone: the messages carry paths, and a temporary directory's digits may hold "401". */
    private static final Pattern HTTP_401 = Pattern.compile("(?<![0-9])401(?![0-9])");
    private static final Pattern URL_USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#\\s]*)@");
    /** Query parameters that carry credentials: {@code ?access_token=}, {@code &X-Amz-Signature=}, {@code ?key=}. */
    private static final Pattern QUERY_SECRET = Pattern.compile("([?&](?i:[a-z0-9_.-]*(?:token|key|secret|password"
            + "|passwd|pwd|sig|signature|auth|credential)[a-z0-9_.-]*)=)[^&#\\s]*");
    private static final String DEFAULT_USERNAME = "x-access-token";
    private final String url;
    private final String branch;
    private final Optional<String> token;
    private final String username;
    private final int timeoutSeconds;

    RemoteAccess(GitStoreOptions options) {
        this.url = options.remote().orElse(options.defaultRemote().toAbsolutePath().toString());
        this.branch = options.branch();
        this.token = Optional.ofNullable(options.environment().get(GitStoreOptions.TOKEN_VARIABLE));
        this.username = options.environment().getOrDefault(GitStoreOptions.USERNAME_VARIABLE, DEFAULT_USERNAME);
        this.timeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, options.timeout().toSeconds()));
    }

    String url() {
        return url;
    }

    /** The remote as messages show it: no password, and the branch. */
    String display() {
        return redact(url) + " (branch " + branch + ")";
    }

    /** Sets the credentials and the time-out on a fetch or push. */
    <C extends TransportCommand<C, ?>> C configure(C command) {
        command.setTimeout(timeoutSeconds);
        if (token.isPresent() && sendsToken()) {
            command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(username, token.get()));
        }
        return command;
    }

    /** A token goes over HTTPS only; plain HTTP only to this machine (a local Git server, a test). */
    boolean sendsToken() {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            return true;
        }
        if (!lower.startsWith("http://")) {
            return false;
        }
        try {
            String host = Optional.ofNullable(URI.create(url).getHost()).orElse("");
            return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code text} carries the token, so that it can be refused before it lands in a commit. */
    boolean containsSecret(String text) {
        return token.isPresent() && text.contains(token.get());
    }

    String redact(String text) {
        String clean = text == null ? "" : text;
        if (token.isPresent()) {
            clean = clean.replace(token.get(), "***");
        }
        return redactUrl(clean);
    }

    static String redactUrl(String text) {
        String clean = URL_USER_INFO.matcher(text).replaceAll(m -> m.group(1).toLowerCase(Locale.ROOT).startsWith("ssh")
                && !m.group(2).contains(":") && !m.group(2).contains("@") ? Matcher.quoteReplacement(m.group())
                : Matcher.quoteReplacement(m.group(1) + "***@"));
        return QUERY_SECRET.matcher(clean).replaceAll("$1***");
    }

    /** A directory name for this remote and branch; the password is left out so a new token reuses the clone. */
    String cloneKey() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((redactUrl(url) + "\n" + branch).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * "cannot ACTION desired state at REMOTE: WHY", redacted, with a hint for authentication failures.
     * A refused login needs a person; anything else (network, a busy remote) may pass, so a loop retries it.
     */
    WorkFailedException failure(String action, Exception e) {
        String why = withoutUrl(redact(causes(e)));
        String hint = "";
        if (refusedLogin(e)) {
            hint = token.isPresent() ? "; check that " + GitStoreOptions.TOKEN_VARIABLE + " may read and push"
                    : "; set " + GitStoreOptions.TOKEN_VARIABLE + " (and " + GitStoreOptions.USERNAME_VARIABLE
                            + " if the host needs a user name) for an HTTPS remote, or use an SSH URL";
        }
        if (hint.isEmpty() && localDiskFull()) {
            // A local remote on a full disk fails its receive in another thread; the push only sees a refusal.
            return new WorkFailedException("cannot " + action + " desired state at " + display() + ": " + why
                    + "; the disk is full under " + url + ": free space on it and rerun");
        }
        String message = "cannot " + action + " desired state at " + display() + ": " + why + hint;
        return hint.isEmpty() ? new UnavailableException(message) : new WorkFailedException(message);
    }

    /** Whether the remote is a directory on this machine whose disk has no room left for a pack. */
    private boolean localDiskFull() {
        if (url.contains("://") && !url.startsWith("file://")) {
            return false;
        }
        try {
            Path dir = url.startsWith("file://") ? Path.of(URI.create(url)) : Path.of(url);
            return Files.isDirectory(dir) && Files.getFileStore(dir).getUsableSpace() < 64 * 1024;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the remote refused who we are (a person must fix the credential), rather than failed for now. */
    static boolean refusedLogin(Exception e) {
        String lower = causes(e).toLowerCase(Locale.ROOT);
        return lower.contains("not authorized") || lower.contains("authentication") || HTTP_401.matcher(lower).find();
    }

    /** JGit starts its messages with the URL, which {@link #display()} already shows. */
    private String withoutUrl(String why) {
        String passwordless = url.replaceFirst("(://[^/?#\\s:@]*):[^/?#\\s]*@", "$1@");
        for (String form : List.of(redact(url), passwordless)) {
            why = why.replace(form + ": ", "");
        }
        return why;
    }

    /** The distinct messages of the cause chain; JGit often wraps the useful one. */
    private static String causes(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null && messages.size() < 4; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (messages.stream().noneMatch(m -> m.contains(message))) {
                messages.add(message);
            }
        }
        return String.join(": ", messages);
    }
}
