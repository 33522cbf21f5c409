package dev.mlops.api;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code bench/lambda-cold-start}: the prediction handler's cold start measured locally, fresh JVM
 * to first response, on the Lambda package's classpath and on the CLI's full classpath
 * ({@code target/mlops.jar} + {@code target/lib}), alternating within one run so both see the same
 * machine. A local proxy for Lambda's cold start: Lambda adds its own runtime's start and the
 * download of the package, and runs on other CPUs.
 *
 * <p>Usage: {@code LambdaColdStartBench [RUNS]} from the project root, after {@code mvn package}.
 */
public final class LambdaColdStartBench {
    private static final String ENDPOINT = "predictive-maintenance-staging";
    private static final List<String> REQUEST = List.of("POST", "text/csv", "L,298.4,308.2,1582,70.7,216");

    private LambdaColdStartBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        LambdaPackage lambda = new LambdaPackage(LambdaPackage.DEFAULT);
        Path work = Files.createTempDirectory("lambda-cold-start");
        try (RuntimeStandIn runtime = RuntimeStandIn.start(ENDPOINT, "v1-bench")) {
            String lambdaClasspath = lambda.unpack(Files.createDirectory(work.resolve("task")));
            String fullClasspath = Path.of("target", "mlops.jar") + File.pathSeparator + Path.of("target", "lib") + File.separator + "*";
            Path driver = LambdaPackage.driverOnly(Files.createDirectory(work.resolve("driver")));
            System.out.printf(Locale.ROOT, "Lambda package %s: %.1f MB zipped, %.1f MB unzipped (Lambda's limits: 50 MB zipped"
                    + " upload, 250 MB unzipped)%n", lambda.zip(), mb(lambda.zippedBytes()), mb(lambda.unzippedBytes()));
            System.out.printf(Locale.ROOT, "Full CLI classpath target/mlops.jar + target/lib: %.1f MB in %d jars%n",
                    mb(fullClasspathBytes()), fullClasspathJars());
            System.out.println("Fresh JVM (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC, as Lambda's java17 and java21 runtimes) to the first"
                    + " response of PredictFunction, local SageMaker Runtime stand-in; init = constructor, invoke = first call");
            HandlerRun.invoke(lambdaClasspath, driver, ENDPOINT, runtime.uri(), REQUEST); // warm the file cache, unmeasured
            HandlerRun.invoke(fullClasspath, driver, ENDPOINT, runtime.uri(), REQUEST);
            List<HandlerRun> small = new ArrayList<>();
            List<HandlerRun> full = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                HandlerRun a = check(HandlerRun.invoke(lambdaClasspath, driver, ENDPOINT, runtime.uri(), REQUEST));
                HandlerRun b = check(HandlerRun.invoke(fullClasspath, driver, ENDPOINT, runtime.uri(), REQUEST));
                small.add(a);
                full.add(b);
                System.out.printf(Locale.ROOT, "run %d: lambda package %4d ms (init %d, invoke %d) | full classpath %4d ms"
                        + " (init %d, invoke %d)%n", i, a.wallMs(), a.initMs(), a.invokeMs(), b.wallMs(), b.initMs(), b.invokeMs());
            }
            System.out.printf(Locale.ROOT, "median of %d: lambda package %d ms (init %d, invoke %d) | full classpath %d ms"
                    + " (init %d, invoke %d)%n", runs, median(small, HandlerRun::wallMs), median(small, HandlerRun::initMs),
                    median(small, HandlerRun::invokeMs), median(full, HandlerRun::wallMs), median(full, HandlerRun::initMs),
                    median(full, HandlerRun::invokeMs));
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static HandlerRun check(HandlerRun run) {
        if (run.status() != 200) {
            throw new IllegalStateException("cannot measure: the handler answered " + run.status() + " " + run.body());
        }
        return run;
    }

    private static long median(List<HandlerRun> runs, java.util.function.ToLongFunction<HandlerRun> value) {
        long[] sorted = runs.stream().mapToLong(value).sorted().toArray();
        return sorted[(sorted.length - 1) / 2];
    }

    private static double mb(long bytes) {
        return bytes / (double) LambdaPackage.MB;
    }

    private static long fullClasspathBytes() throws Exception {
        try (Stream<Path> jars = Files.list(Path.of("target", "lib"))) {
            return Files.size(Path.of("target", "mlops.jar")) + jars.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long fullClasspathJars() throws Exception {
        try (Stream<Path> jars = Files.list(Path.of("target", "lib"))) {
            return 1 + jars.count();
        }
    }
}
