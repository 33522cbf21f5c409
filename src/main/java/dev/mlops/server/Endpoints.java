package dev.mlops.server;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The endpoints this process hosts, by name; read by request threads, changed by the watcher. */
final class Endpoints {
    private final Map<String, HostedEndpoint> byName = new ConcurrentHashMap<>();

    Optional<HostedEndpoint> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    HostedEndpoint getOrAdd(String name, Function<String, HostedEndpoint> create) {
        return byName.computeIfAbsent(name, create);
    }

    List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    Collection<HostedEndpoint> all() {
        return byName.values();
    }

    /** The endpoint whose requested config is for {@code env}, like an API stage wired to one endpoint. */
    Optional<HostedEndpoint> forEnv(String env) {
        return byName.values().stream()
                .filter(e -> e.requested().filter(c -> c.env().equals(env)).isPresent())
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .findFirst();
    }

    List<String> envs() {
        return byName.values().stream().flatMap(e -> e.requested().stream()).map(c -> c.env()).distinct().sorted().toList();
    }

    /** Forgets (and frees) the endpoints whose directories are gone. */
    void retainOnly(Collection<String> names) {
        byName.keySet().stream().filter(name -> !names.contains(name)).toList()
                .forEach(name -> Optional.ofNullable(byName.remove(name)).ifPresent(HostedEndpoint::unload));
    }

    void unloadAll() {
        byName.values().forEach(HostedEndpoint::unload);
    }
}
