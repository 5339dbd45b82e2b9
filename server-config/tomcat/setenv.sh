#!/bin/sh
# $CATALINA_BASE/bin/setenv.sh for the chat. Tomcat's catalina.sh sources this file.

# Chat settings (see the README's configuration table). System properties win over
# environment variables.
CATALINA_OPTS="$CATALINA_OPTS -Dchat.history.size=200"
CATALINA_OPTS="$CATALINA_OPTS -Dchat.allowed.origins=https://chat.example.com"

# Heap: about 100 MB covers the default history limits; connections add their buffers.
CATALINA_OPTS="$CATALINA_OPTS -Xmx512m"

export CATALINA_OPTS
