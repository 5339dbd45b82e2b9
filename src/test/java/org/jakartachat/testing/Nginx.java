package org.jakartachat.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * nginx in front of a cluster's servers, as the Socket.io documentation sets it up: sticky by
 * client address ({@code hash $remote_addr consistent}, the full address, where {@code ip_hash}
 * would take only three bytes of it and put every loopback client on one server), with the
 * WebSocket upgrade passed through. Runs the Debian package's binary in the foreground with a
 * configuration and prefix of its own; without the binary the test is skipped, unless
 * {@code -Dchat.nginx.required=true} (CI) makes it fail.
 */
public final class Nginx implements AutoCloseable {
    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Nginx startOrSkip(List<Integer> upstreams) throws Exception {
        Path binary = Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(binary)) {
            String how = "nginx is not installed (apt-get install nginx): the cluster's Socket.io test needs it";
            if (Boolean.getBoolean("chat.nginx.required")) {
                throw new IllegalStateException(how);
            }
            Assumptions.abort(how);
        }
        Path prefix = Files.createTempDirectory("chat-nginx");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        // max_fails=0 as in server-config/cluster/nginx.conf: a restarted instance is used at once.
        String servers = upstreams.stream().map(p -> "    server 127.0.0.1:" + p + " max_fails=0;")
                .collect(Collectors.joining("\n"));
        Files.writeString(prefix.resolve("nginx.conf"), """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                  upstream chat {
                    hash $remote_addr consistent;
                %2$s
                  }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / {
                      proxy_pass http://chat;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection $connection_upgrade;
                      proxy_set_header Host $host;
                      proxy_read_timeout 120s;
                      proxy_buffering off;
                    }
                  }
                }
                """.formatted(prefix, servers, port));
        Process process = new ProcessBuilder(binary.toString(), "-p", prefix.toString(), "-c",
                prefix.resolve("nginx.conf").toString(), "-e", prefix.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("out.log").toFile()).start();
        Nginx nginx = new Nginx(process, port);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try (java.net.Socket probe = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                return nginx;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nginx did not start: " + Files.readString(prefix.resolve("out.log"))
                            + Files.readString(prefix.resolve("error.log")));
                }
                Thread.sleep(50);
            }
        }
        nginx.close();
        throw new IllegalStateException("nginx did not listen on " + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
