package org.jakartachat.bench;

/**
 * What every Socket.io 4 wire shares, whatever its events: {@code 40} connects to the main
 * namespace and is answered {@code 40…}, the server's {@code 2} (ping) is answered {@code 3},
 * and an acknowledged event {@code 42N[…]} is answered {@code 43N[…]}.
 */
abstract class EngineIoWire implements Wire {

    @Override
    public String hello() {
        return "40";
    }

    @Override
    public boolean isReady(String frame) {
        return frame.startsWith("40");
    }

    @Override
    public String reply(String frame) {
        return frame.equals("2") ? "3" : null;
    }

    @Override
    public int echoed(String frame) {
        if (!frame.startsWith("43")) {
            return -1;
        }
        return Integer.parseInt(frame.substring(2, frame.indexOf('[')));
    }
}
