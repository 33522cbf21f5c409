package dev.mlops.jenkins;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stage-level input gate as Jenkins would show it. insideNode says whether an executor was
 * held while waiting; timeout is the stage's timeout option, if any.
 */
public record InputRequest(String stage, Map<String, Object> directive, List<Map<String, Object>> parameters,
                           boolean insideNode, Optional<Map<String, Object>> timeout) {

    public Optional<String> field(String name) {
        return Optional.ofNullable(directive.get(name)).map(Object::toString);
    }
}
