package dev.mlops.jenkins;

import com.lesfurets.jenkins.unit.PipelineTestHelper;
import com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration;
import com.lesfurets.jenkins.unit.global.lib.SourceRetriever;
import groovy.lang.Binding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs this repository's Jenkinsfiles and steps with JenkinsPipelineUnit 1.1. The shared
 * library "mlops" is this repository itself (vars/ and src/), loaded by @Library('mlops') just
 * as a Jenkins controller would load it from Git; steps are simulated by {@link JenkinsSteps}
 * and declarative pipelines run through {@link Declarative}.
 */
public final class PipelineHarness {
    static final Path PROJECT = Path.of("").toAbsolutePath();

    private final PipelineTestHelper helper = new PipelineTestHelper();
    private final Binding binding = new Binding();
    private final Build build;
    private final Path scripts;
    private int snippets;

    public PipelineHarness(Path dir, ShellRunner shell) {
        try {
            build = new Build(Files.createDirectories(dir.resolve("workspace")), shell);
            scripts = Files.createDirectories(dir.resolve("scripts"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        helper.setScriptRoots(new String[] {PROJECT.toString(), scripts.toString()});
        helper.setScriptExtension("groovy");
        helper.setBaseScriptRoot(PROJECT.toString());
        helper.setBaseClassloader(PipelineHarness.class.getClassLoader());
        helper.setImports(Map.of("Library", "com.lesfurets.jenkins.unit.global.lib.Library",
                "NonCPS", "com.cloudbees.groovy.cps.NonCPS"));
        helper.registerSharedLibrary(library());
        helper.init();
        new JenkinsSteps(helper, build).register();
        new Declarative(build, binding).register(helper);
        binding.setVariable("env", build.env);
        binding.setVariable("params", build.params);
        binding.setVariable("currentBuild", build.currentBuild);
        binding.setVariable("scm", Map.of("$class", "GitSCM"));
    }

    public Build build() {
        return build;
    }

    /** Runs a Jenkinsfile of this repository, e.g. "model-deploy/Jenkinsfile". */
    public Object runJenkinsfile(String path) {
        return helper.runScript(path, binding);
    }

    /** Runs Groovy as a Jenkinsfile that loads the library; variables set with {@link #set} are visible. */
    public Object runSnippet(String code) {
        String name = "Snippet" + ++snippets + ".groovy";
        try {
            Files.writeString(scripts.resolve(name), "@Library('mlops') _\n" + code + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return helper.runScript(name, binding);
    }

    public void set(String variable, Object value) {
        binding.setVariable(variable, value);
    }

    /** The loaded instance of a step in vars/, as Jenkins would create it. */
    public Object step(String name) {
        return binding.getVariable(name);
    }

    private static LibraryConfiguration library() {
        SourceRetriever thisRepository = (repository, version, target) -> {
            try {
                return List.of(PROJECT.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        };
        return LibraryConfiguration.library("mlops").defaultVersion("main").allowOverride(true).implicit(false)
                .targetPath(PROJECT.toString()).retriever(thisRepository).build();
    }
}
