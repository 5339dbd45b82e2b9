package org.jakartachat.cluster;

/**
 * Who made an entry, as the feed records it: {@code <server>/<connection>}. Lets a server
 * recognise its own connections' entries (a sender gets the copy of its message carrying its
 * ref; a joiner is not told of its own join).
 */
record Origins(String server) {
    /** The origin of this server's connection. */
    String of(long connection) {
        return server + "/" + connection;
    }

    /** The connection id in an origin written by this server, else -1. */
    long local(String origin) {
        if (!origin.startsWith(server + "/")) {
            return -1;
        }
        try {
            return Long.parseLong(origin.substring(server.length() + 1));
        } catch (NumberFormatException notOurs) {
            return -1;
        }
    }
}
