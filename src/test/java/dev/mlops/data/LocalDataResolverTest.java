package dev.mlops.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDataResolverTest {
    @TempDir
    Path stateDir;
    @TempDir
    Path work;

    @Test
    void resolvesARelativePathAgainstTheWorkingFolder() throws IOException {
        Path file = Files.writeString(work.resolve("data.csv"), "a\n1\n");
        String relative = Path.of("").toAbsolutePath().relativize(file).toString();
        assertEquals(file, resolver().resolve(relative).normalize());
    }

    @Test
    void resolvesAnAbsolutePathAndAFileUri() throws IOException {
        Path file = Files.writeString(work.resolve("data.csv"), "a\n1\n");
        assertEquals(file, resolver().resolve(file.toString()));
        assertEquals(file, resolver().resolve(file.toUri().toString()));
    }

    @Test
    void reportsAMissingLocalFile() {
        Path missing = work.resolve("missing.csv");
        InputException error = assertThrows(InputException.class, () -> resolver().resolve(missing.toString()));
        assertEquals("cannot read data " + missing + ": no such file " + missing, error.getMessage());
    }

    @Test
    void reportsAFolderGivenAsAFile() {
        InputException error = assertThrows(InputException.class, () -> resolver().resolve(work.toString()));
        assertTrue(error.getMessage().endsWith("is a folder, not a file"), error.getMessage());
    }

    @Test
    void mapsS3ObjectsIntoTheStateFolder() throws IOException {
        Path object = stateDir.resolve("s3/my-bucket/input/ai4i.csv");
        Files.createDirectories(object.getParent());
        Files.writeString(object, "a\n1\n");
        assertEquals(object, resolver().resolve("s3://my-bucket/input/ai4i.csv"));
    }

    @Test
    void reportsAMissingS3ObjectWithWhereItLookedAndHowToFixIt() {
        Path expected = stateDir.resolve("s3/my-bucket/input/ai4i.csv");
        InputException error = assertThrows(InputException.class,
                () -> resolver().resolve("s3://my-bucket/input/ai4i.csv"));
        assertEquals("cannot read data s3://my-bucket/input/ai4i.csv: the local artifact store has no such object"
                + " (looked at " + expected + "); copy the file there: mkdir -p " + expected.getParent()
                + " && cp YOUR_FILE " + expected, error.getMessage());
    }

    @Test
    void generatesDataIntoTheStoreOnce() throws IOException {
        Path expected = stateDir.resolve("s3/generated/ai4i-rows-300-seed-5.csv");
        Path resolved = resolver().resolve("generated://ai4i?rows=300&seed=5");
        assertEquals(expected, resolved);
        StringWriter same = new StringWriter();
        Ai4iGenerator.write(new Ai4iGenerator.Request(300, 5), same);
        assertEquals(same.toString(), Files.readString(resolved));
    }

    @Test
    void reusesGeneratedDataAlreadyInTheStore() throws IOException {
        Path first = resolver().resolve("generated://ai4i?rows=300&seed=5");
        Files.writeString(first, "marker\n");
        assertEquals(first, resolver().resolve("generated://ai4i?seed=5&rows=300"));
        assertEquals("marker\n", Files.readString(first), "an existing complete file is not written again");
    }

    @Test
    void rejectsAnUnknownScheme() {
        InputException error = assertThrows(InputException.class, () -> resolver().resolve("ftp://host/data.csv"));
        assertTrue(error.getMessage().contains("unsupported scheme 'ftp'"), error.getMessage());
    }

    private LocalDataResolver resolver() {
        return new LocalDataResolver(stateDir);
    }
}
