package dev.mlops.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import org.junit.jupiter.api.Test;

class ModelPackageRefTest {

    @Test
    void parsesGroupAndVersion() {
        ModelPackageRef ref = ModelPackageRef.parse("end-to-end-ml-sm-model-package-group/12");
        assertEquals("end-to-end-ml-sm-model-package-group", ref.group());
        assertEquals(12, ref.version());
        assertEquals("end-to-end-ml-sm-model-package-group/12", ref.toString());
        assertEquals(ref, ModelPackageRef.parse(ref.toString()));
    }

    @Test
    void rejectsReferenceWithoutVersion() {
        assertEquals("cannot parse model package reference 'grp': expected GROUP/VERSION, e.g. my-models/3",
                parseError("grp"));
    }

    @Test
    void rejectsVersionThatIsNotANumber() {
        assertEquals("cannot parse model package reference 'grp/x': version 'x' is not a whole number",
                parseError("grp/x"));
        assertTrue(parseError("grp/").contains("version '' is not a whole number"));
        assertTrue(parseError("grp/-1").contains("version '-1' is not a whole number"));
        assertTrue(parseError("grp/99999999999").contains("is not a whole number"));
    }

    @Test
    void rejectsVersionZero() {
        assertEquals("cannot parse model package reference 'grp/0': version must be 1 or more",
                parseError("grp/0"));
    }

    @Test
    void rejectsGroupNamesSageMakerRefuses() {
        assertTrue(parseError("my_models/1").contains("group name 'my_models' must be 1-63 letters, digits or hyphens"));
        assertTrue(parseError("-models/1").contains("group name '-models'"));
        assertTrue(parseError("models-/1").contains("group name 'models-'"));
        assertTrue(parseError("a/b/1").contains("group name 'a/b'"));
        assertTrue(parseError("/1").contains("group name ''"));
        assertTrue(parseError("a".repeat(64) + "/1").contains("must be 1-63"));
    }

    @Test
    void acceptsGroupNamesSageMakerAccepts() {
        assertTrue(ModelPackageRef.isValidGroupName("a"));
        assertTrue(ModelPackageRef.isValidGroupName("A--b-9"));
        assertTrue(ModelPackageRef.isValidGroupName("a".repeat(63)));
        assertFalse(ModelPackageRef.isValidGroupName(null));
        assertFalse(ModelPackageRef.isValidGroupName("a b"));
    }

    @Test
    void constructorRefusesWhatParseRefuses() {
        assertThrows(InputException.class, () -> new ModelPackageRef("grp", 0));
        assertThrows(InputException.class, () -> new ModelPackageRef("g_p", 1));
        assertThrows(InputException.class, () -> new ModelPackageRef(null, 1));
    }

    private static String parseError(String text) {
        return assertThrows(InputException.class, () -> ModelPackageRef.parse(text)).getMessage();
    }
}
