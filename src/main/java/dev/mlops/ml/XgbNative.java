package dev.mlops.ml;

import dev.mlops.NativeLibraries;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * Loads XGBoost4J's native library from the machine's cache ({@link NativeLibraries}) before
 * XGBoost4J's own loader would run. That loader ({@code NativeLibLoader.initXGBoost}, run once by
 * the first JNI call) unpacks the 17.7 MB library into the temporary directory in every process and
 * leaves it there when the process is killed; it has no option to load a file as it is, only a flag
 * that says it is done, which this class sets once the library is loaded. Where any of this fails
 * (no cache folder, a platform the jar has no library for, a renamed flag), XGBoost4J loads the
 * library its own way, so training and prediction work regardless.
 */
final class XgbNative {
    private static final String LOADER = "ml.dmlc.xgboost4j.java.NativeLibLoader";

    private XgbNative() {
    }

    /** Loads the library from the cache unless XGBoost4J has loaded it already; returns where from, if here. */
    static Optional<Path> load() {
        try {
            Class<?> loader = Class.forName(LOADER, true, XGBoost.class.getClassLoader());
            Field initialized = loader.getDeclaredField("initialized");
            initialized.setAccessible(true);
            // initXGBoost is static synchronized: holding its lock, neither loader can run halfway.
            synchronized (loader) {
                if (initialized.getBoolean(null)) {
                    return Optional.empty();
                }
                Optional<Path> library = NativeLibraries.unpack(XGBoost.class, resource());
                if (library.isPresent()) {
                    System.load(library.get().toString());
                    initialized.setBoolean(null, true);
                }
                return library;
            }
        } catch (IOException | ReflectiveOperationException | RuntimeException | UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }

    /** Where XGBoost4J's jar keeps the library for this platform: {@code /lib/<os>/<arch>/<file>}. */
    private static String resource() {
        NativeLibraries.Platform platform = NativeLibraries.Platform.current();
        return "/lib/" + platform.os() + "/" + platform.arch() + "/" + System.mapLibraryName("xgboost4j");
    }
}
