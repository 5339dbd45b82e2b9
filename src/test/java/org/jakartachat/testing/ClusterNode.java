package org.jakartachat.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jakartachat.config.ChatConfig;

/**
 * One chat server of a cluster test, in a JVM of its own (the endpoint finds its hub through a
 * per-class-loader holder, and a test kills a node the way a crash would). Configured by the
 * chat's system properties; prints {@code PORT <n>} when it serves, answers {@code health}
 * on stdin with {@code HEALTH <json>}, and stops at the end of stdin.
 */
public final class ClusterNode {

    public static void main(String[] args) throws Exception {
        try (InProcessServer server = InProcessServer.start(ChatConfig.fromEnvironment())) {
            System.out.println("PORT " + server.port());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("health")) {
                    System.out.println("HEALTH " + server.hub().codec().toJson(server.hub().health()));
                    System.out.flush();
                }
            }
        }
        System.exit(0);
    }
}
