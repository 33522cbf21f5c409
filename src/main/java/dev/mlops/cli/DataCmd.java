package dev.mlops.cli;

import dev.mlops.data.Ai4iGenerator;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "data", mixinStandardHelpOptions = true, description = "Works with training data.")
final class DataCmd extends BaseCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Writes synthetic AI4I 2020-like data following the dataset's published generation rules"
                + " (same header and failure modes, about 3.4 % failures). Same rows and seed give the same bytes.")
    int generate(@Option(names = "--rows", defaultValue = "10000", description = "Rows to write (default: ${DEFAULT-VALUE}).") int rows,
                 @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).") long seed,
                 @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV file to write.") Path out) {
        Ai4iGenerator.write(new Ai4iGenerator.Request(rows, seed), out);
        printer().result(Map.of("path", out.toAbsolutePath().toString(), "rows", rows, "seed", seed),
                "Wrote " + rows + " rows (seed " + seed + ") to " + out);
        return 0;
    }
}
