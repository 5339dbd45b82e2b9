#!/bin/sh
# $CATALINA_BASE/bin/setenv.sh for the chat. Tomcat's catalina.sh sources this file.

# Chat settings (see the README's configuration table). System properties win over
# environment variables.
CATALINA_OPTS="$CATALINA_OPTS -Dchat.history.size=200"
CATALINA_OPTS="$CATALINA_OPTS -Dchat.allowed.origins=https://chat.example.com"

# Heap: about 100 MB covers the default history limits; connections add their buffers.
CATALINA_OPTS="$CATALINA_OPTS -Xmx512m"

# Tomcat's per-connection WebSocket write and decode buffers (default 8 KiB each). With 1 KiB,
# and the connector settings of server-connector.xml, an idle chat connection costs about
# 15 KB of heap instead of 73 KB (see the README's measured figures); longer messages are
# simply written in more pieces.
CATALINA_OPTS="$CATALINA_OPTS -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=1024"

# How often (in seconds, default 10) Tomcat looks for WebSocket sessions past their timeouts,
# among them a close the client never answered (the chat allows 1 s). Every second, a client
# that ignores the server's close and keeps sending is dropped within about 2 s, not 11.
CATALINA_OPTS="$CATALINA_OPTS -Dorg.apache.tomcat.websocket.DEFAULT_PROCESS_PERIOD=1"

export CATALINA_OPTS
