package dev.mlops.jenkins;

import groovy.lang.Binding;
import groovy.lang.Closure;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/** A stage's when directive: all its conditions must hold. */
public final class WhenDsl extends Directives.Dsl {
    private final Build build;
    private final List<BooleanSupplier> conditions = new ArrayList<>();
    boolean beforeInput;

    WhenDsl(Binding binding, Build build) {
        super(binding);
        this.build = build;
    }

    public void expression(Closure<?> block) {
        conditions.add(() -> DefaultTypeTransformation.castToBoolean(Directives.runSteps(block)));
    }

    public void branch(String pattern) {
        conditions.add(() -> {
            Object branch = build.env.get("BRANCH_NAME");
            return branch != null && FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(Path.of(branch.toString()));
        });
    }

    public void environment(Map<String, Object> spec) {
        conditions.add(() -> Objects.equals(String.valueOf(spec.get("value")), String.valueOf(build.env.get(String.valueOf(spec.get("name"))))));
    }

    public void not(Closure<?> block) {
        WhenDsl inner = nested(block);
        conditions.add(() -> !inner.allHold());
    }

    public void allOf(Closure<?> block) {
        conditions.add(nested(block)::allHold);
    }

    public void anyOf(Closure<?> block) {
        WhenDsl inner = nested(block);
        conditions.add(() -> inner.conditions.stream().anyMatch(BooleanSupplier::getAsBoolean));
    }

    public void beforeInput(boolean value) {
        beforeInput = value;
    }

    public void beforeAgent(boolean value) {
        // Agents are simulated only as events, so when they are allocated changes nothing here.
    }

    boolean allHold() {
        return conditions.stream().allMatch(BooleanSupplier::getAsBoolean);
    }

    private WhenDsl nested(Closure<?> block) {
        WhenDsl inner = new WhenDsl(binding(), build);
        Directives.evaluate(block, inner);
        return inner;
    }
}
