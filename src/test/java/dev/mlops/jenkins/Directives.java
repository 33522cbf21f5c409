package dev.mlops.jenkins;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Delegates that read the directives of a declarative Jenkinsfile. A directive these do not
 * know fails the test, as Jenkins would reject the Jenkinsfile; names a directive does not
 * define (env, params, currentBuild) come from the build.
 */
public final class Directives {
    private Directives() {
    }

    /** Runs a directive's block against a delegate that records what it declares. */
    static void evaluate(Closure<?> block, Object delegate) {
        Closure<?> copy = (Closure<?>) block.clone();
        copy.setResolveStrategy(Closure.DELEGATE_ONLY);
        copy.setDelegate(delegate);
        copy.call();
    }

    /** Runs a block of steps: its calls go to the Jenkinsfile script, as in Jenkins. */
    static Object runSteps(Closure<?> block) {
        Closure<?> copy = (Closure<?>) block.clone();
        copy.setResolveStrategy(Closure.DELEGATE_FIRST);
        copy.setDelegate(block.getThisObject());
        return copy.call();
    }

    /** A pipeline or a stage: its agent and its directives' blocks, evaluated when they are due. */
    static final class Section {
        final String name;
        final Map<String, Closure<?>> blocks = new LinkedHashMap<>();
        String agent;

        Section(String name) {
            this.name = name;
        }

        void put(String directive, Closure<?> block) {
            if (blocks.put(directive, block) != null) {
                throw new PipelineError("Multiple occurrences of the " + directive + " section in " + name);
            }
        }

        boolean has(String directive) {
            return blocks.containsKey(directive);
        }
    }

    public abstract static class Dsl extends GroovyObjectSupport {
        private final Binding binding;

        Dsl(Binding binding) {
            this.binding = binding;
        }

        Binding binding() {
            return binding;
        }

        @Override
        public Object getProperty(String name) {
            try {
                return super.getProperty(name);
            } catch (MissingPropertyException notADirective) {
                return binding.getVariable(name);
            }
        }
    }

    public static final class SectionDsl extends Dsl {
        private final Section section;

        SectionDsl(Section section, Binding binding) {
            super(binding);
            this.section = section;
        }

        public String getAny() {
            return "any";
        }

        public String getNone() {
            return "none";
        }

        public void agent(Object agent) {
            if (agent instanceof Closure<?> block) {
                AgentDsl dsl = new AgentDsl(binding());
                evaluate(block, dsl);
                section.agent = "label " + dsl.label;
            } else {
                section.agent = agent.toString();
            }
        }

        public void options(Closure<?> block) {
            section.put("options", block);
        }

        public void triggers(Closure<?> block) {
            section.put("triggers", block);
        }

        public void parameters(Closure<?> block) {
            section.put("parameters", block);
        }

        public void stages(Closure<?> block) {
            section.put("stages", block);
        }

        public void post(Closure<?> block) {
            section.put("post", block);
        }

        public void input(Closure<?> block) {
            section.put("input", block);
        }

        public void steps(Closure<?> block) {
            section.put("steps", block);
        }
    }

    public static final class StagesDsl extends Dsl {
        final List<Section> stages = new ArrayList<>();

        StagesDsl(Binding binding) {
            super(binding);
        }

        public void stage(String name, Closure<?> block) {
            Section stage = new Section(name);
            evaluate(block, new SectionDsl(stage, binding()));
            stages.add(stage);
        }
    }

    public static final class AgentDsl extends Dsl {
        String label;

        AgentDsl(Binding binding) {
            super(binding);
        }

        public void label(String label) {
            this.label = label;
        }
    }

    /** options, triggers and parameters: a fixed vocabulary of calls, each recorded with its arguments. */
    public static final class CallsDsl extends Dsl {
        final List<Map<String, Object>> calls = new ArrayList<>();
        private final Set<String> known;

        CallsDsl(Binding binding, Set<String> known) {
            super(binding);
            this.known = known;
        }

        @Override
        public Object invokeMethod(String name, Object args) {
            Object[] arguments = args instanceof Object[] array ? array : new Object[] {args};
            if (!known.contains(name)) {
                throw new MissingMethodException(name, getClass(), arguments);
            }
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("name", name);
            call.put("args", List.of(arguments));
            if (!"logRotator".equals(name)) {
                calls.add(call);
            }
            return call;
        }
    }

    public static final class InputDsl extends Dsl {
        final Map<String, Object> fields = new LinkedHashMap<>();
        final List<Map<String, Object>> parameters = new ArrayList<>();

        InputDsl(Binding binding) {
            super(binding);
        }

        @Override
        public Object invokeMethod(String name, Object args) {
            Object[] arguments = (Object[]) args;
            if ("parameters".equals(name)) {
                CallsDsl dsl = new CallsDsl(binding(), Declarative.PARAMETER_TYPES);
                evaluate((Closure<?>) arguments[0], dsl);
                parameters.addAll(dsl.calls);
            } else if (Set.of("message", "id", "ok", "submitter", "submitterParameter").contains(name)) {
                fields.put(name, arguments[0].toString());
            } else {
                throw new MissingMethodException(name, getClass(), arguments);
            }
            return null;
        }
    }

    public static final class PostDsl extends Dsl {
        final Map<String, Closure<?>> conditions = new LinkedHashMap<>();

        PostDsl(Binding binding) {
            super(binding);
        }

        @Override
        public Object invokeMethod(String name, Object args) {
            Object[] arguments = (Object[]) args;
            if (!Declarative.POST_CONDITIONS.contains(name)) {
                throw new MissingMethodException(name, getClass(), arguments);
            }
            conditions.put(name, (Closure<?>) arguments[0]);
            return null;
        }
    }
}
