package dev.mlops.cli;

import dev.mlops.Durations;
import dev.mlops.InputException;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Lets picocli read durations as {@link Durations} does (500ms, 30s, 5m, 1h30m, PT5M), as a usage error when wrong. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value, "the value");
        } catch (InputException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
