package dev.mlops.jenkins;

import com.lesfurets.jenkins.unit.PipelineTestHelper;
import groovy.lang.Closure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Jenkins steps the library and the Jenkinsfiles use, simulated with Jenkins' semantics on
 * real files and real processes: sh runs a real shell, readFile reads the workspace, withEnv
 * scopes variables, error aborts with its message, junit marks failures UNSTABLE.
 */
final class JenkinsSteps {
    private final PipelineTestHelper helper;
    private final Build build;
    private final Publishers publishers;

    JenkinsSteps(PipelineTestHelper helper, Build build) {
        this.helper = helper;
        this.build = build;
        this.publishers = new Publishers(build);
    }

    void register() {
        step("sh", List.of(Object.class), a -> sh(a[0]));
        step("echo", List.of(Object.class), a -> {
            build.log.add(String.valueOf(a[0]));
            return null;
        });
        step("error", List.of(Object.class), a -> {
            throw new PipelineError(String.valueOf(a[0]));
        });
        step("readFile", List.of(Object.class), a -> readFile(a[0]));
        step("writeFile", List.of(Map.class), a -> writeFile((Map<?, ?>) a[0]));
        step("fileExists", List.of(Object.class), a -> Files.exists(build.resolve(fileOf(a[0]))));
        step("pwd", List.of(), a -> build.cwd().toString());
        step("pwd", List.of(Map.class), a -> pwd((Map<?, ?>) a[0]));
        step("dir", List.of(Object.class, Closure.class), a -> dir(a[0].toString(), (Closure<?>) a[1]));
        step("withEnv", List.of(List.class, Closure.class), a -> withEnv((List<?>) a[0], (Closure<?>) a[1]));
        step("withCredentials", List.of(List.class, Closure.class), a -> withCredentials((List<?>) a[0], (Closure<?>) a[1]));
        step("script", List.of(Closure.class), a -> ((Closure<?>) a[0]).call());
        step("archiveArtifacts", List.of(Object.class), a -> publishers.archive(a[0]));
        step("junit", List.of(Object.class), a -> publishers.junit(a[0]));
        step("unstable", List.of(Object.class), a -> unstable(a[0]));
    }

    private void step(String name, List<Class<?>> args, Function<Object[], Object> body) {
        helper.registerAllowedMethod(name, List.copyOf(args), new GroovyFn(this, body));
    }

    private Object sh(Object arg) {
        Map<?, ?> options = arg instanceof Map<?, ?> map ? map : Map.of("script", arg);
        String script = String.valueOf(options.get("script"));
        build.shellScripts.add(script);
        build.log.add("+ " + script);
        ShellRunner.Result result = build.shell.run(script, mkdirs(build.cwd()), build.shellEnv());
        build.log.add(result.stderr());
        if (Boolean.TRUE.equals(options.get("returnStatus"))) {
            return result.exit();
        }
        if (result.exit() != 0) {
            throw new PipelineError("script returned exit code " + result.exit());
        }
        return Boolean.TRUE.equals(options.get("returnStdout")) ? result.stdout() : null;
    }

    private Object readFile(Object arg) {
        Path file = build.resolve(fileOf(arg));
        Object encoding = arg instanceof Map<?, ?> map ? map.get("encoding") : null;
        if (!Files.exists(file)) {
            throw new PipelineError("java.nio.file.NoSuchFileException: " + file);
        }
        try {
            return Files.readString(file, encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object writeFile(Map<?, ?> options) {
        Path file = build.resolve(String.valueOf(options.get("file")));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.valueOf(options.get("text")));
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object pwd(Map<?, ?> options) {
        try {
            return Boolean.TRUE.equals(options.get("tmp")) ? RealShell.tmpDirOf(build.cwd()).toString() : build.cwd().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object dir(String path, Closure<?> body) {
        return build.inDir(mkdirs(build.resolve(path)), body::call);
    }

    private Object withEnv(List<?> entries, Closure<?> body) {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (Object entry : entries) {
            String text = entry.toString();
            int equals = text.indexOf('=');
            variables.put(text.substring(0, equals), text.substring(equals + 1));
        }
        return build.withEnv(variables, body::call);
    }

    private Object withCredentials(List<?> bindings, Closure<?> body) {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (Object binding : bindings) {
            Map<?, ?> spec = (Map<?, ?>) binding;
            String id = String.valueOf(spec.get("credentialsId"));
            Object kind = spec.get("$class");
            String[] values = build.credentials.get(id);
            if (values == null) {
                throw new PipelineError("Could not find credentials entry with ID '" + id + "'");
            }
            if ("AmazonWebServicesCredentialsBinding".equals(kind)) {
                bind(id, values, "AWS Credentials", variables, spec.get("accessKeyVariable"), spec.get("secretKeyVariable"));
            } else if ("UsernamePasswordMultiBinding".equals(kind)) {
                bind(id, values, "Username with password", variables, spec.get("usernameVariable"), spec.get("passwordVariable"));
            } else if ("StringBinding".equals(kind)) {
                bind(id, values, "Secret text", variables, spec.get("variable"));
            } else {
                throw new UnsupportedOperationException("credentials binding not simulated: " + kind);
            }
            build.event("credentials " + id);
        }
        return build.withEnv(variables, body::call);
    }

    /** As the bindings do, a credential of another kind than the binding's is an error naming both. */
    private static void bind(String id, String[] values, String kind, Map<String, Object> variables, Object... names) {
        if (values.length != names.length + 1 || !values[0].equals(kind)) {
            throw new PipelineError("Credentials '" + id + "' is of type '" + values[0] + "' where '" + kind + "' was expected");
        }
        for (int i = 0; i < names.length; i++) {
            variables.put(String.valueOf(names[i]), values[i + 1]);
        }
    }

    private Object unstable(Object arg) {
        Object message = arg instanceof Map<?, ?> map ? map.get("message") : arg;
        build.log.add("WARNING: " + message);
        build.worsen("UNSTABLE");
        return null;
    }

    private static String fileOf(Object arg) {
        return String.valueOf(arg instanceof Map<?, ?> map ? map.get("file") : arg);
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
