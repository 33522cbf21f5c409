package dev.mlops.gitops.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.mlops.InputException;
import dev.mlops.WorkFailedException;
import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.DesiredStateStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials reach the remote and nothing else: not messages, not commits, not toString. */
class GitRemoteAccessTest {
    static final String TOKEN = "ghp_s3cr3tTOKENvalue0123456789";

    @TempDir
    Path dir;
    Path seed;
    HttpServer server;
    List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        seed = GitFixtures.seed(dir);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).ifPresent(authorizations::add);
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    @Test
    void aBogusHttpsRemoteFailsWithoutShowingTheToken() {
        WorkFailedException e = failure("https://127.0.0.1:1/org/deploy.git",
                Map.of(GitStoreOptions.TOKEN_VARIABLE, TOKEN));
        assertTrue(e.getMessage().startsWith("cannot fetch desired state at https://127.0.0.1:1/org/deploy.git"
                + " (branch main): "), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    }

    @Test
    void aPasswordWrittenIntoTheUrlIsRedacted() {
        String password = "inline-s3cr3t-password";
        WorkFailedException e = failure("https://bob:" + password + "@127.0.0.1:1/org/deploy.git", Map.of());
        assertTrue(e.getMessage().contains("https://***@127.0.0.1:1/org/deploy.git"), e.getMessage());
        assertFalse(e.getMessage().contains(password), e.getMessage());
    }

    @Test
    void aPasswordHoldingAnAtSignIsRedactedWhole() {
        String password = "pa55@w0rd@s3cr3t-part";
        WorkFailedException e = failure("https://bob:" + password + "@127.0.0.1:1/org/deploy.git", Map.of());
        assertTrue(e.getMessage().contains("https://***@127.0.0.1:1/org/deploy.git"), e.getMessage());
        for (String part : password.split("@")) {
            assertFalse(e.getMessage().contains(part), part + " leaked: " + e.getMessage());
        }
    }

    @Test
    void userInfoAndQueryTokensAreRedactedInAnyText() {
        assertEquals("fetch https://***@host/r.git?ref=main&access_token=*** failed",
                RemoteAccess.redactUrl("fetch https://ghp_tok3n:x@y@host/r.git?ref=main&access_token=s3cr3t failed"));
        assertEquals("https://***@host/r.git", RemoteAccess.redactUrl("https://ghp_tok3n@host/r.git"));
        assertEquals("s3://b/k?X-Amz-Signature=***&X-Amz-Date=1", RemoteAccess.redactUrl("s3://b/k?X-Amz-Signature=abc&X-Amz-Date=1"));
    }

    @Test
    void theTokenIsSentToTheServerButNotShownWhenItIsRefused() {
        Map<String, String> environment = Map.of(GitStoreOptions.TOKEN_VARIABLE, TOKEN,
                GitStoreOptions.USERNAME_VARIABLE, "ci-bot");
        WorkFailedException e = failure(serverUrl(), environment);
        String basic = "Basic "
                + Base64.getEncoder().encodeToString(("ci-bot:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        assertTrue(authorizations.contains(basic), "the server saw the token: " + authorizations.size());
        assertTrue(e.getMessage().contains("not authorized"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; check that MLOPS_GIT_TOKEN may read and push"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN) || e.getMessage().contains(basic.substring(6)), e.getMessage());
    }

    @Test
    void aMissingRepositoryWhosePathHoldsTheDigits401IsNotARefusedLogin() {
        assertFalse(RemoteAccess.refusedLogin(new IllegalStateException(
                "/tmp/junit-18347867124015322639/remote.git: not found.")));
        assertTrue(RemoteAccess.refusedLogin(new IllegalStateException("https://host/r.git: 401 Unauthorized")));
    }

    @Test
    void withoutATokenTheErrorSaysWhichVariableToSet() {
        WorkFailedException e = failure(serverUrl(), Map.of());
        assertTrue(e.getMessage().contains("; set MLOPS_GIT_TOKEN (and MLOPS_GIT_USERNAME"), e.getMessage());
        assertEquals(List.of(), authorizations);
    }

    @Test
    void theTokenGoesOverHttpsOrToThisMachineOnly() {
        Map<String, String> environment = Map.of(GitStoreOptions.TOKEN_VARIABLE, TOKEN);
        assertTrue(access("https://git.example.com/deploy.git", environment).sendsToken());
        assertTrue(access("http://127.0.0.1:8080/deploy.git", environment).sendsToken());
        assertFalse(access("http://git.example.com/deploy.git", environment).sendsToken());
        assertFalse(access("ssh://git@git.example.com/deploy.git", environment).sendsToken());
        assertFalse(access("git@git.example.com:org/deploy.git", environment).sendsToken());
    }

    @Test
    void aNewTokenReusesTheSameClone() {
        assertEquals(access("https://a:one@git.example.com/d.git", Map.of()).cloneKey(),
                access("https://a:two@git.example.com/d.git", Map.of()).cloneKey());
        assertFalse(access("https://git.example.com/d.git", Map.of()).cloneKey()
                .equals(access("https://git.example.com/e.git", Map.of()).cloneKey()));
    }

    @Test
    void aChangeCarryingTheTokenIsRefusedBeforeAnythingIsCommitted() {
        GitStoreOptions options = GitFixtures.options(dir.resolve("state"), seed)
                .withEnvironment(Map.of(GitStoreOptions.TOKEN_VARIABLE, TOKEN));
        try (DesiredStateStore store = GitDesiredStateStore.open(options)) {
            String before = store.read("staging").commit();
            ChangeRequest leaky = new ChangeRequest("staging", GitDesiredStateStoreTest.deploy("staging", 1).newVersion(),
                    "alice", "debug: token=" + TOKEN, Map.of());
            InputException e = assertThrows(InputException.class, () -> store.change(leaky));
            assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
            assertEquals(before, store.read("staging").commit());
        }
    }

    @Test
    void optionsNeverPrintTheToken() {
        GitStoreOptions options = GitFixtures.options(dir, seed).withRemote("https://u:pw-in-url@example.com/d.git")
                .withEnvironment(Map.of(GitStoreOptions.TOKEN_VARIABLE, TOKEN, "AWS_SECRET_ACCESS_KEY", "other-secret"));
        assertFalse(options.toString().contains(TOKEN) || options.toString().contains("pw-in-url"), options.toString());
        assertEquals(Map.of(GitStoreOptions.TOKEN_VARIABLE, TOKEN), options.environment(), "other variables are dropped");
    }

    @Test
    void sshRemotesHaveATransport() {
        WorkFailedException e = failure("ssh://git@127.0.0.1:1/deploy.git", Map.of());
        assertTrue(e.getMessage().startsWith("cannot fetch desired state at ssh://git@127.0.0.1:1/deploy.git"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Connection refused"), "Apache MINA sshd tried to connect: " + e.getMessage());
    }

    private String serverUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/org/deploy.git";
    }

    private RemoteAccess access(String url, Map<String, String> environment) {
        return new RemoteAccess(GitFixtures.options(dir, seed).withRemote(url).withEnvironment(environment));
    }

    private WorkFailedException failure(String remote, Map<String, String> environment) {
        GitStoreOptions options = GitFixtures.options(dir.resolve("state"), seed).withRemote(remote)
                .withEnvironment(environment).withTimeout(java.time.Duration.ofSeconds(20));
        try (DesiredStateStore store = GitDesiredStateStore.open(options)) {
            return assertThrows(WorkFailedException.class, () -> store.read("staging"));
        }
    }
}
