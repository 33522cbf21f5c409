package dev.mlops.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.registry.ModelPackageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvironmentSpecWriterTest {
    static final String FILE = "environments/staging.yaml";
    static final ModelPackageRef G3 = new ModelPackageRef("end-to-end-ml-sm-model-package-group", 3);

    @Test
    void settingAVersionInTheShippedFileChangesOneLineAndKeepsEveryComment() throws Exception {
        for (Path file : List.of(EnvironmentSpecParserTest.STAGING, EnvironmentSpecParserTest.PROD)) {
            String before = Files.readString(file);
            String after = EnvironmentSpecWriter.withModelPackage(before, file.toString(), Optional.of(G3));
            assertEquals(List.of("-  version: null", "+  version: 3"), changedLines(before, after));
            EnvironmentSpec spec = EnvironmentSpecParser.read(file);
            assertEquals(spec.withModelPackage(Optional.of(G3)), EnvironmentSpecParser.parse(after, file.toString()));
        }
    }

    @Test
    void roundTripsThroughSetAndClear() {
        String text = "name: staging\n# which model\nmodel_package:\n  group: g  # the group\n  version: 2 # current\n";
        String three = EnvironmentSpecWriter.withModelPackage(text, FILE, Optional.of(new ModelPackageRef("g", 3)));
        assertEquals(text.replace("version: 2 #", "version: 3 #"), three);
        String cleared = EnvironmentSpecWriter.withModelPackage(three, FILE, Optional.empty());
        assertEquals(text.replace("version: 2 #", "version: null #"), cleared);
        assertEquals(Optional.empty(), EnvironmentSpecParser.parse(cleared, FILE).modelPackage());
        assertEquals(three,
                EnvironmentSpecWriter.withModelPackage(cleared, FILE, Optional.of(new ModelPackageRef("g", 3))));
    }

    @Test
    void changingTheGroupEditsTheGroupToo() {
        String text = "name: staging\nmodel_package:\n  group: 'old'\n  version: 7\nendpoint: {instance_count: 1}\n";
        String after = EnvironmentSpecWriter.withModelPackage(text, FILE, Optional.of(new ModelPackageRef("new", 1)));
        assertEquals("name: staging\nmodel_package:\n  group: new\n  version: 1\nendpoint: {instance_count: 1}\n", after);
    }

    @Test
    void theSameVersionLeavesTheTextAlone() {
        String text = "name: staging\nmodel_package: {group: g, version: 3}   # odd but valid\n";
        assertSame(text, EnvironmentSpecWriter.withModelPackage(text, FILE, Optional.of(new ModelPackageRef("g", 3))));
        String none = "name: staging\n";
        assertSame(none, EnvironmentSpecWriter.withModelPackage(none, FILE, Optional.empty()));
    }

    @Test
    void writesIntoEveryShapeOfAnEmptyModelPackage() {
        ModelPackageRef g4 = new ModelPackageRef("g", 4);
        assertEquals("name: staging\nmodel_package:\n  group: g\n  version: 4 # none yet\n",
                write("name: staging\nmodel_package: null # none yet\n", g4));
        assertEquals("name: staging\nmodel_package:\n  group: g\n  version: 4\nendpoint: {}\n",
                write("name: staging\nmodel_package:\nendpoint: {}\n", g4));
        assertEquals("name: staging\nmodel_package:\n  group: g\n  version: 4\n",
                write("name: staging\nmodel_package:\n  group: g\n  version:\n", g4));
        assertEquals("name: staging\nmodel_package:\n  group: g\n  version: 4\n", write("name: staging", g4));
        assertEquals("name: staging\nmodel_package: {group: g, version: 4}  # flow\n",
                write("name: staging\nmodel_package: {group: g, version: ~}  # flow\n", g4));
    }

    @Test
    void clearingAFlowMappingKeepsItsGroup() {
        String text = "name: staging\nmodel_package: {group: g, version: 2}\n";
        assertEquals("name: staging\nmodel_package: {group: g, version: null}\n",
                EnvironmentSpecWriter.withModelPackage(text, FILE, Optional.empty()));
    }

    @Test
    void offsetsCountCharactersOutsideTheBasicPlaneAndKeepAByteOrderMark() {
        String text = "\uFEFF# déploiement 🚀 du modèle\nname: staging\nmodel_package:\n  group: g\n  version: 1\n";
        String after = EnvironmentSpecWriter.withModelPackage(text, FILE, Optional.of(new ModelPackageRef("g", 12)));
        assertEquals(text.replace("version: 1", "version: 12"), after);
    }

    @Test
    void aBrokenFileIsReportedNotRewritten() {
        String text = "name: staging\nmodel_package: {group: g, version: 1}\nendpont: {}\n";
        SpecException e = assertThrows(SpecException.class,
                () -> EnvironmentSpecWriter.withModelPackage(text, FILE, Optional.of(G3)));
        assertTrue(e.getMessage().contains(FILE + ":3:1: endpont: unknown key 'endpont' (did you mean 'endpoint'?)"),
                e.getMessage());
    }

    private static String write(String text, ModelPackageRef version) {
        return EnvironmentSpecWriter.withModelPackage(text, FILE, Optional.of(version));
    }

    /** A tiny line diff: lines only in {@code before} as "-", then lines only in {@code after} as "+". */
    private static List<String> changedLines(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        assertEquals(a.size(), b.size(), "a one-value edit keeps the line count");
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                removed.add("-" + a.get(i));
                added.add("+" + b.get(i));
            }
        }
        removed.addAll(added);
        return removed;
    }
}
