package org.jakartachat.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Starts cluster nodes in JVMs of their own, each a server of one cluster on one Redis. */
public final class ClusterNodes implements AutoCloseable {
    private final String redisUrl;
    private final Map<String, String> settings;
    private final List<Node> nodes = new ArrayList<>();

    public ClusterNodes(String redisUrl, Map<String, String> settings) {
        this.redisUrl = redisUrl;
        this.settings = settings;
    }

    /** One server of the cluster. */
    public static final class Node {
        private final Process process;
        private final int port;
        private final PrintWriter commands;
        private final java.util.concurrent.BlockingQueue<String> answers = new java.util.concurrent.LinkedBlockingQueue<>();

        /** Reads the node's output all along (a full pipe would stop its logging thread, and it). */
        private Node(Process process, int port, BufferedReader out) {
            this.process = process;
            this.port = port;
            this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread drain = new Thread(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("HEALTH ")) {
                            answers.add(line.substring(7));
                        }
                    }
                } catch (java.io.IOException ended) {
                    // the node is gone
                }
            }, "cluster-node-" + port);
            drain.setDaemon(true);
            drain.start();
        }

        public URI uri(String name) {
            return InProcessServer.uri(port, name);
        }

        public int port() {
            return port;
        }

        /** The node's /health document. */
        public synchronized String health() throws Exception {
            answers.clear();
            commands.println("health");
            return answers.poll(10, TimeUnit.SECONDS);
        }

        /** Kills the JVM without a shutdown, as a crash or kill -9 would. */
        public void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        /** Stops the node as an operator would (its Tomcat stops, the WAR is undeployed); waits for its JVM to end. */
        public void stop() throws InterruptedException {
            commands.close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    public Node start() throws Exception {
        return start(ClusterNode.class);
    }

    /** A node run by {@code main}: {@link ClusterNode} (Tyrus alone) or {@link WarNode} (the WAR on Tomcat). */
    public Node start(Class<?> main) throws Exception {
        return start(main, 0);
    }

    /** A {@link WarNode} on {@code port} (0: a free one), such as a node restarted where it was. */
    public Node start(Class<?> main, int port) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        if (main == WarNode.class) {
            // Tomcat's own Servlet and WebSocket APIs (6.1, 2.2) before the EE 10 API jar the WAR compiles against.
            String separator = java.io.File.pathSeparator;
            List<String> entries = List.of(classpath.split(java.util.regex.Pattern.quote(separator)));
            classpath = java.util.stream.Stream.concat(entries.stream().filter(e -> e.contains("tomcat-embed")),
                    entries.stream().filter(e -> !e.contains("tomcat-embed"))).collect(java.util.stream.Collectors.joining(separator));
        }
        Path argFile = Files.createTempFile("chat-node", ".args");
        Files.writeString(argFile, "-cp \"" + classpath.replace("\\", "\\\\") + "\"");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dchat.redis.url=" + redisUrl));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (port != 0) {
            command.add("-Dchat.node.port=" + port);
        }
        command.add("@" + argFile);
        command.add(main.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder startup = new StringBuilder();
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null && !l.startsWith("PORT ")) {
                    startup.append(l).append('\n');
                }
                return l;
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        if (line == null) {
            throw new IllegalStateException("a cluster node did not start (exit " + process.waitFor() + "):\n" + startup);
        }
        Node node = new Node(process, Integer.parseInt(line.substring(5).trim()), out);
        nodes.add(node);
        return node;
    }

    @Override
    public void close() throws InterruptedException {
        for (Node node : nodes) {
            node.stop();
        }
    }
}
