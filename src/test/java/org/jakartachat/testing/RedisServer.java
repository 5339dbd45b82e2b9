package org.jakartachat.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server of the test's own, on a free port of 127.0.0.1, with an append-only
 * file synced on every write: a test can stop it and start it again and find its data, as a
 * production Redis configured for durability would. Without a {@code redis-server} on the
 * PATH the test is skipped, unless {@code -Dchat.redis.required=true} (CI) makes it fail.
 */
public final class RedisServer implements AutoCloseable {
    private final String executable;
    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(String executable, int port, Path dir) {
        this.executable = executable;
        this.port = port;
        this.dir = dir;
    }

    /** Starts one, or skips (fails in CI) the calling test where Redis is not installed. */
    public static RedisServer startOrSkip() throws Exception {
        String executable = find();
        String how = "cluster tests need redis-server on the PATH (Debian: apt-get install redis-server);"
                + " .ci/run installs it";
        if (executable == null) {
            if (Boolean.getBoolean("chat.redis.required")) {
                fail(how);
            }
            Assumptions.abort("skipped: " + how);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RedisServer server = new RedisServer(executable, port, Files.createTempDirectory("chat-redis"));
        server.start();
        return server;
    }

    private static String find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "redis-server");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return new File("/usr/bin/redis-server").canExecute() ? "/usr/bin/redis-server" : null;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts (again) on the same port and data directory, and waits until it answers. */
    public void start() throws Exception {
        process = new ProcessBuilder(List.of(executable, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--daemonize", "no", "--protected-mode", "no"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.getOutputStream().write("PING\r\n".getBytes());
                byte[] answer = new byte[7];
                if (socket.getInputStream().read(answer) > 0 && new String(answer).startsWith("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                // starting, or loading its append-only file
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("redis-server did not answer on port " + port + "; see " + dir);
    }

    /** Stops the process where it stands (SIGSTOP), as a stalled host or a long fork would, until {@link #resume}. */
    public void pause() throws Exception {
        signal("-STOP");
    }

    /** Lets a paused process go on (SIGCONT). */
    public void resume() throws Exception {
        signal("-CONT");
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " failed");
        }
    }

    /** Stops it as an operator would (SIGTERM: Redis flushes and exits). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
