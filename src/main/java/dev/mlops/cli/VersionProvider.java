package dev.mlops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The version recorded in the jar's manifest at build time; one JSON object on one line with --output json. */
final class VersionProvider implements IVersionProvider {
    @Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() throws JsonProcessingException {
        String version = Main.class.getPackage().getImplementationVersion();
        String mlops = version == null ? "(development build)" : version;
        String java = System.getProperty("java.version");
        String os = System.getProperty("os.name");
        if (spec != null && spec.root().userObject() instanceof MlopsCommand root && root.output == Printer.Format.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("version", mlops);
            json.put("java", java);
            json.put("os", os);
            return new String[] {new ObjectMapper().writeValueAsString(json)};
        }
        return new String[] {"mlops " + mlops, "Java " + java + " on " + os};
    }
}
