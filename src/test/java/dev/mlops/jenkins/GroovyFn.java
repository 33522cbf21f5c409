package dev.mlops.jenkins;

import groovy.lang.Closure;
import java.util.function.Function;

/** A Groovy closure backed by a Java function, so the tests can register Jenkins steps from Java. */
public final class GroovyFn extends Closure<Object> {
    private final transient Function<Object[], Object> body;

    public GroovyFn(Object owner, Function<Object[], Object> body) {
        super(owner);
        this.body = body;
    }

    public Object doCall(Object... args) {
        return body.apply(args);
    }
}
