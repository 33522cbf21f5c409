package dev.mlops.aws;

import dev.mlops.InputException;
import dev.mlops.spec.PipelineSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;

/**
 * Uploads the scripts the pipeline's jobs run. Code goes under a prefix named by a hash of the
 * code directory and the spec, so an execution (and every package it registers) keeps reading
 * exactly the code it was started with, even while a later build uploads other code.
 */
final class CodeUpload {
    private final S3Store s3;
    private final Path codeDir;

    CodeUpload(S3Store s3, Path codeDir) {
        this.s3 = s3;
        this.codeDir = codeDir;
    }

    /** {@code <pipelineRoot>/code/<hash>}: the same files and spec give the same prefix. */
    String prefix(String pipelineRoot, PipelineSpec spec) {
        MessageDigest digest = Digests.sha256();
        digest.update(specBytes(spec));
        for (Path file : scripts()) {
            digest.update(("\n" + file.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(bytes(file));
        }
        return pipelineRoot + "/code/" + Digests.hex(digest, 16);
    }

    void upload(List<DefinitionCompiler.CodeFile> files) {
        for (DefinitionCompiler.CodeFile file : files) {
            String content = file.generatedContent().orElseGet(() -> read(script(file.name())));
            s3.put(file.s3Uri(), content.getBytes(StandardCharsets.UTF_8), contentType(file.name()));
        }
    }

    private Path script(String name) {
        Path file = codeDir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new InputException("cannot upload " + name + " for the pipeline: no such file " + file
                    + " (the compiled pipeline runs it; set aws.code_dir in mlops.yaml if the scripts live elsewhere)");
        }
        return file;
    }

    private List<Path> scripts() {
        if (!Files.isDirectory(codeDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(codeDir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new InputException("cannot list code directory " + codeDir + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The spec file's bytes (its text, not where the checkout happens to be), else the parsed spec. */
    private static byte[] specBytes(PipelineSpec spec) {
        try {
            return Files.readAllBytes(Path.of(spec.source()));
        } catch (IOException | RuntimeException e) {
            return spec.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String contentType(String name) {
        return name.endsWith(".json") ? "application/json" : name.endsWith(".py") ? "text/x-python" : "text/plain";
    }
}
