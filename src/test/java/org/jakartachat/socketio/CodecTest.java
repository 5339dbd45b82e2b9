package org.jakartachat.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jakartachat.socketio.EnginePacket.Type;
import org.junit.jupiter.api.Test;

/** The Engine.IO v4 and Socket.IO v5 codecs against the specifications' own examples, and bad input. */
class CodecTest {

    @Test
    void enginePacketsOverWebSocketAndInAPollingBody() throws Exception {
        assertEquals(EnginePacket.message("hello"), EngineCodec.decode("4hello"));
        assertEquals(EnginePacket.of(Type.PING), EngineCodec.decode("2"));
        assertEquals(new EnginePacket(Type.PING, "probe"), EngineCodec.decode("2probe"));
        assertEquals(List.of(EnginePacket.message("hello"), EnginePacket.of(Type.PING), EnginePacket.message("world")),
                EngineCodec.decodePayload("4hello\u001e2\u001e4world", 16));
        assertEquals("4hello\u001e2\u001e4world", EngineCodec.encodePayload(List.of(EnginePacket.message("hello"),
                EnginePacket.of(Type.PING), EnginePacket.message("world"))));
        assertEquals("3probe", EngineCodec.encode(new EnginePacket(Type.PONG, "probe")));
        assertEquals("6", EngineCodec.encode(EnginePacket.of(Type.NOOP)));
    }

    @Test
    void engineInputThatIsNotAPacketIsRefusedWithAReason() {
        for (String bad : new String[] {"", "7", "x", "\u001e", "4a\u001e", "\u001e4a"}) {
            assertThrows(MalformedPacket.class, () -> EngineCodec.decodePayload(bad, 16), bad);
        }
        assertThrows(EngineCodec.BinaryRefused.class, () -> EngineCodec.decodePayload("4hello\u001ebAQIDBA==", 16));
        MalformedPacket many = assertThrows(MalformedPacket.class,
                () -> EngineCodec.decodePayload("2\u001e".repeat(16) + "2", 16));
        assertEquals("more than 16 packets in one request", many.getMessage());
    }

    @Test
    void socketPacketsAsTheSpecificationWritesThem() throws Exception {
        assertEquals(SocketPacket.of(SocketPacket.Type.CONNECT, null), SocketCodec.decode("0"));
        assertEquals(new SocketPacket(SocketPacket.Type.CONNECT, "/admin", null, 0, "{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"),
                SocketCodec.decode("0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"));
        assertEquals(SocketPacket.of(SocketPacket.Type.CONNECT_ERROR, "{\"message\":\"Not authorized\"}"),
                SocketCodec.decode("4{\"message\":\"Not authorized\"}"));
        assertEquals(SocketPacket.of(SocketPacket.Type.EVENT, "[\"foo\"]"), SocketCodec.decode("2[\"foo\"]"));
        assertEquals(new SocketPacket(SocketPacket.Type.EVENT, "/admin", null, 0, "[\"bar\"]"),
                SocketCodec.decode("2/admin,[\"bar\"]"));
        assertEquals(new SocketPacket(SocketPacket.Type.EVENT, "/", 12L, 0, "[\"foo\"]"), SocketCodec.decode("212[\"foo\"]"));
        assertEquals(new SocketPacket(SocketPacket.Type.ACK, "/admin", 13L, 0, "[\"bar\"]"),
                SocketCodec.decode("3/admin,13[\"bar\"]"));
        assertEquals(new SocketPacket(SocketPacket.Type.BINARY_EVENT, "/", null, 1, "[\"baz\",{\"_placeholder\":true,\"num\":0}]"),
                SocketCodec.decode("51-[\"baz\",{\"_placeholder\":true,\"num\":0}]"));
        assertEquals(new SocketPacket(SocketPacket.Type.BINARY_ACK, "/", 15L, 1, "[\"bar\",{\"_placeholder\":true,\"num\":0}]"),
                SocketCodec.decode("61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]"));
        assertEquals(SocketPacket.of(SocketPacket.Type.DISCONNECT, null), SocketCodec.decode("1"));
        SocketPacket away = SocketCodec.decode("1/admin,");
        assertEquals("/admin", away.namespace());
        assertNull(away.payload());
        for (String wire : new String[] {"0", "0/admin,{\"sid\":\"x\"}", "4{\"message\":\"Not authorized\"}", "2[\"foo\"]",
                "212[\"foo\"]", "3/admin,13[\"bar\"]", "51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", "1/admin,"}) {
            assertEquals(wire, SocketCodec.encode(SocketCodec.decode(wire)), "written back as read");
        }
    }

    @Test
    void socketInputThatIsNotAPacketIsRefusedWithAReason() {
        for (String bad : new String[] {"", "7", "x[]", "2\"foo\"", "2abc", "5[\"a\"]", "5x-[\"a\"]", "5-[]",
                "2" + "9".repeat(17) + "[\"a\"]", "2/" + "a".repeat(300) + ",[]", "212x"}) {
            assertThrows(MalformedPacket.class, () -> SocketCodec.decode(bad), bad);
        }
    }
}
