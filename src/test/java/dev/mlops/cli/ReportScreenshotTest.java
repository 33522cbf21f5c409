package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.ml.ReportDocument;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a model (on the real AI4I file when it is here, else on generated data), opens its report
 * in Debian's headless Chromium and keeps the screenshot as a test artifact under
 * target/report-screenshots/ for a person to look at. Checked: the page renders at all, with the
 * charts' colours on it; what it shows is checked on the document itself in EvaluationReportTest.
 */
class ReportScreenshotTest {
    private static final Path ARTIFACTS = Path.of("target", "report-screenshots");
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 3000;

    @TempDir
    Path state;

    @Test
    void reportRendersInHeadlessChromium() throws Exception {
        Optional<Path> chromium = chromium();
        if (chromium.isEmpty()) {
            System.out.println("ReportScreenshotTest skipped: no chromium on PATH (apt-get install chromium)");
        }
        Assumptions.assumeTrue(chromium.isPresent(), "no chromium on PATH (apt-get install chromium)");
        Path real = Path.of("..", "shared", "data", "ai4i2020.csv");
        CliRun build = Files.isRegularFile(real) ? CliRun.json(state, "build", "--data", real.toString())
                : CliRun.json(state, "build");
        assertEquals(0, build.exitCode(), build.err());
        Files.createDirectories(ARTIFACTS);
        Path html = ARTIFACTS.resolve("report.html").toAbsolutePath();
        Files.copy(Path.of((String) build.json().get("report")), html, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(6, ReportDocument.parse(Files.readString(html)).all("//svg").size());

        Path png = ARTIFACTS.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(png);
        Process process = new ProcessBuilder(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--user-data-dir=" + state.resolve("chromium-profile"), "--screenshot=" + png,
                "--window-size=" + WIDTH + "," + HEIGHT, html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(state.resolve("chromium.log").toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 120 s");
        assertEquals(0, process.exitValue(), Files.readString(state.resolve("chromium.log")));

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        long painted = 0;
        boolean rocBlue = false;
        for (int y = 0; y < HEIGHT; y += 2) {
            for (int x = 0; x < WIDTH; x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                painted += rgb == 0xffffff ? 0 : 1;
                rocBlue |= rgb == 0x1f6feb;
            }
        }
        double share = painted / (WIDTH * HEIGHT / 4.0);
        assertTrue(share > 0.05, "the page is nearly blank: " + share + " of it painted");
        assertTrue(rocBlue, "no pixel has the curves' colour #1f6feb: the charts did not render");
        System.out.println("ReportScreenshotTest: screenshot at " + png);
    }

    private static Optional<Path> chromium() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .flatMap(dir -> List.of("chromium", "chromium-browser").stream().map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
    }
}
