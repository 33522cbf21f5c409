package dev.mlops.cli;

import dev.mlops.WorkFailedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One prediction through an API route, as a client of the deployed model would make it. */
final class DemoPrediction {
    private DemoPrediction() {
    }

    static String predict(String url, String record) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/csv").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(record)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new WorkFailedException("cannot predict through " + url + ": HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return response.body().trim();
        } catch (IOException e) {
            throw new WorkFailedException("cannot predict through " + url + ": " + e.getMessage());
        }
    }
}
