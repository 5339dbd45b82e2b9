package org.jakartachat;

import java.net.URI;
import org.jakartachat.testing.Deployed;

/** The protocol contract against the WAR deployed on a real server (Tomcat by default). */
class DeployedProtocolIT extends ChatProtocolContract {
    @Override
    protected URI uri(String name) {
        return Deployed.ws(name);
    }
}
