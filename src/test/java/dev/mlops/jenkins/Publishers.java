package dev.mlops.jenkins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** archiveArtifacts and junit: patterns relative to the current directory, failing when nothing matches. */
final class Publishers {
    private final Build build;

    Publishers(Build build) {
        this.build = build;
    }

    Object archive(Object arg) {
        Map<?, ?> options = arg instanceof Map<?, ?> map ? map : Map.of("artifacts", arg);
        List<String> files = matching(String.valueOf(options.get("artifacts")));
        if (files.isEmpty() && !Boolean.TRUE.equals(options.get("allowEmptyArchive"))) {
            throw new PipelineError("No artifacts found that match the file pattern \"" + options.get("artifacts") + "\"");
        }
        build.archived.addAll(files);
        return null;
    }

    Object junit(Object arg) {
        Map<?, ?> options = arg instanceof Map<?, ?> map ? map : Map.of("testResults", arg);
        List<String> files = matching(String.valueOf(options.get("testResults")));
        if (files.isEmpty() && !Boolean.TRUE.equals(options.get("allowEmptyResults"))) {
            throw new PipelineError("No test report files were found. Configuration error?");
        }
        for (String file : files) {
            Build.JunitReport report = parse(file);
            build.junit.add(report);
            if (report.failures() > 0) {
                build.worsen("UNSTABLE");
            }
        }
        return null;
    }

    private List<String> matching(String patterns) {
        List<String> found = new ArrayList<>();
        for (String pattern : patterns.split(",")) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.trim());
            try (Stream<Path> files = Files.walk(build.cwd())) {
                files.filter(Files::isRegularFile).map(build.cwd()::relativize).filter(matcher::matches)
                        .map(Path::toString).sorted().forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    private Build.JunitReport parse(String file) {
        try {
            NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(build.resolve(file).toFile()).getElementsByTagName("testcase");
            int failures = 0;
            for (int i = 0; i < cases.getLength(); i++) {
                Element testCase = (Element) cases.item(i);
                if (testCase.getElementsByTagName("failure").getLength() + testCase.getElementsByTagName("error").getLength() > 0) {
                    failures++;
                }
            }
            return new Build.JunitReport(file, cases.getLength(), failures);
        } catch (Exception e) {
            throw new PipelineError("cannot parse JUnit file " + file + ": " + e.getMessage());
        }
    }
}
