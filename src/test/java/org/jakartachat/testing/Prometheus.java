package org.jakartachat.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code prometheus}, run by a test with a configuration and a data directory of its
 * own on a free loopback port, and queried through its HTTP API. Without the binary the test is
 * skipped, unless {@code -Dchat.prometheus.required=true} (CI) makes it fail.
 */
public final class Prometheus implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Process process;
    private final URI api;
    private final Path home;

    private Prometheus(Process process, URI api, Path home) {
        this.process = process;
        this.api = api;
        this.home = home;
    }

    /** The binary's path, or the test is skipped (failed when required). */
    public static Path binaryOrSkip(String name) {
        Path binary = Path.of("/usr/bin", name);
        if (!Files.isExecutable(binary)) {
            String how = name + " is not installed (apt-get install prometheus): the monitoring test needs it";
            if (Boolean.getBoolean("chat.prometheus.required")) {
                throw new IllegalStateException(how);
            }
            Assumptions.abort(how);
        }
        return binary;
    }

    /** Runs {@code promtool} with the arguments; its output, or an AssertionError with it when it fails. */
    public static String promtool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(binaryOrSkip("promtool").toString()));
        command.addAll(List.of(arguments));
        Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
            throw new AssertionError("promtool " + String.join(" ", arguments) + " failed:\n" + output);
        }
        return output;
    }

    /** Starts Prometheus on {@code config} (a file in a directory of its own) and waits until it is ready. */
    public static Prometheus start(Path config) throws Exception {
        Path binary = binaryOrSkip("prometheus");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path home = config.getParent();
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(home.resolve("prometheus.log").toFile()).start();
        Prometheus prometheus = new Prometheus(process, URI.create("http://127.0.0.1:" + port), home);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus ended: " + Files.readString(home.resolve("prometheus.log")));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(prometheus.api.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return prometheus;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        prometheus.close();
        throw new AssertionError("prometheus not ready within 60 s");
    }

    /** An instant query's result vector (status success asserted). */
    public JsonArray query(String expression) throws Exception {
        JsonObject answer = get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        return answer.getJsonObject("data").getJsonArray("result");
    }

    /** The value of a query that gives one series, or NaN when it gives none (yet). */
    public double single(String expression) throws Exception {
        JsonArray result = query(expression);
        if (result.isEmpty()) {
            return Double.NaN;
        }
        if (result.size() != 1) {
            throw new AssertionError(expression + " gave " + result.size() + " series: " + result);
        }
        return Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
    }

    /** A GET on the API whose answer has status success. */
    public JsonObject get(String pathAndQuery) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject answer = Json.createReader(new StringReader(response.body())).readObject();
        if (response.statusCode() != 200 || !"success".equals(answer.getString("status", ""))) {
            throw new AssertionError("GET " + pathAndQuery + ": " + response.statusCode() + " " + response.body());
        }
        return answer;
    }

    public String log() throws Exception {
        return Files.readString(home.resolve("prometheus.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
