package org.jakartachat.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.WebResourceRoot;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.webresources.DirResourceSet;
import org.apache.catalina.webresources.StandardRoot;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * One chat server of a cluster test as the WAR runs it, servlets and all (the Socket.io polling
 * transport needs them): an embedded Tomcat in a JVM of its own, serving {@code webapp/} with
 * the compiled classes as its WEB-INF/classes at {@code /chat}, on a free port of 127.0.0.1 (or
 * {@code -Dchat.node.port}).
 * Configured by the chat's system properties. The same stdin protocol as {@link ClusterNode}:
 * prints {@code PORT <n>}, answers {@code health} with {@code HEALTH <json>}, stops at the end of stdin.
 */
public final class WarNode {

    public static void main(String[] args) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("chat-war-node").toString());
        Connector connector = new Connector();
        connector.setPort(Integer.getInteger("chat.node.port", 0)); // a restarted node keeps its port
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.setAddDefaultWebXmlToWebapp(false); // no JSP servlet (not on this class path)
        Context context = tomcat.addWebapp("/chat", new File("webapp").getAbsolutePath());
        WebResourceRoot resources = new StandardRoot(context);
        resources.addPreResources(new DirResourceSet(resources, "/WEB-INF/classes",
                new File("target/classes").getAbsolutePath(), "/"));
        context.setResources(resources);
        // The default servlet serves the page's files; and without a servlet mapped to a request
        // Tomcat answers 404 before any filter runs, its WebSocket upgrade filter included.
        Tomcat.addServlet(context, "default", new org.apache.catalina.servlets.DefaultServlet()).setLoadOnStartup(1);
        context.addServletMappingDecoded("/", "default");
        // The classes are the WAR's; the test class path's jars hold nothing to scan for it.
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        tomcat.start();
        int port = connector.getLocalPort();
        System.out.println("PORT " + port);
        System.out.flush();
        HttpClient http = HttpClient.newHttpClient();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("health")) {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/chat/health")).build(), HttpResponse.BodyHandlers.ofString());
                System.out.println("HEALTH " + health.body());
                System.out.flush();
            }
        }
        tomcat.stop();
        tomcat.destroy();
        System.exit(0);
    }
}
