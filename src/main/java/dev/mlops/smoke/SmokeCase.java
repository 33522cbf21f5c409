package dev.mlops.smoke;

/** One request to the API and what its answer must look like. */
public record SmokeCase(String name, SmokeRequest request, SmokeExpectations expect) {
}
