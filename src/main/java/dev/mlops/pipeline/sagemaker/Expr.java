package dev.mlops.pipeline.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.spec.ParameterSpec;
import dev.mlops.spec.ParameterType;
import dev.mlops.spec.Value;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The pipeline definition's expressions: {@code Get} on parameters, execution variables and step
 * properties, {@code Std:Join} and {@code Std:JsonGet}, and spec values as literals or parameter
 * references, typed or as text.
 */
final class Expr {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Expr() {
    }

    static ObjectNode get(String path) {
        return JSON.objectNode().put("Get", path);
    }

    static ObjectNode parameter(String name) {
        return get("Parameters." + name);
    }

    static ObjectNode executionId() {
        return get("Execution.PipelineExecutionId");
    }

    static ObjectNode processingOutput(String step, String output) {
        return get("Steps." + step + ".ProcessingOutputConfig.Outputs['" + output + "'].S3Output.S3Uri");
    }

    static ObjectNode modelArtifacts(String step) {
        return get("Steps." + step + ".ModelArtifacts.S3ModelArtifacts");
    }

    static ObjectNode join(String on, JsonNode... values) {
        ObjectNode join = JSON.objectNode();
        ObjectNode body = join.putObject("Std:Join");
        body.put("On", on);
        ArrayNode list = body.putArray("Values");
        for (JsonNode value : values) {
            list.add(value);
        }
        return join;
    }

    static ObjectNode jsonGet(String step, String propertyFile, String path) {
        ObjectNode jsonGet = JSON.objectNode();
        ObjectNode body = jsonGet.putObject("Std:JsonGet");
        body.set("PropertyFile", get("Steps." + step + ".PropertyFiles." + propertyFile));
        body.put("Path", path);
        return jsonGet;
    }

    /** {@code <artifacts>/<execution id>/<step>/<output>}: every execution writes apart from the others. */
    static ObjectNode executionPath(String artifacts, String step, String output) {
        return join("/", JSON.textNode(artifacts), executionId(), JSON.textNode(step), JSON.textNode(output));
    }

    /** A value for a typed field (an instance count, a condition operand): the literal itself or a Get. */
    static JsonNode typed(Value<?> value) {
        if (value.isParameter()) {
            return parameter(value.parameter().orElseThrow());
        }
        Object literal = value.literal().orElseThrow();
        if (literal instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (literal instanceof Double d) {
            return JSON.numberNode(d);
        }
        if (literal instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        return JSON.textNode(literal.toString());
    }

    /**
     * A value for a text field (a container argument, a hyperparameter). A String parameter is used
     * as it is; any other parameter is converted at run time with a one-value {@code Std:Join}, as
     * the SageMaker Python SDK's {@code to_string()} does.
     */
    static JsonNode text(Value<?> value, Map<String, ParameterSpec> parameters) {
        if (value.isParameter()) {
            String name = value.parameter().orElseThrow();
            boolean isText = parameters.get(name).type() == ParameterType.String;
            return isText ? parameter(name) : join("", parameter(name));
        }
        return JSON.textNode(format(value.literal().orElseThrow()));
    }

    /** A value inside a {@code Std:Join}, which turns any parameter into text itself. */
    static JsonNode joinable(Value<?> value) {
        return value.isParameter() ? parameter(value.parameter().orElseThrow())
                : JSON.textNode(format(value.literal().orElseThrow()));
    }

    /** A literal as text; numbers in plain notation without trailing zeros ({@code 0.1}, {@code 1}, {@code 0}). */
    static String format(Object literal) {
        if (literal instanceof Double d) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return literal.toString();
    }
}
