package org.jakartachat.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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

    @Test
    void anEventIsTheNativeFrameOfItsNameAndTheNativeCodecJudgesIt() throws Exception {
        org.jakartachat.protocol.FrameCodec codec = new org.jakartachat.protocol.FrameCodec();
        EventMapping.Inbound join = EventMapping.inbound(SocketCodec.decode("27[\"join\",{\"room\":\"lobby\"}]"));
        assertEquals("{\"type\":\"join\",\"room\":\"lobby\"}", join.frame());
        assertEquals(7L, join.ack());
        assertEquals(new org.jakartachat.protocol.ClientFrame.Join("lobby", null), codec.decode(join.frame()));
        assertEquals("{\"type\":\"ping\"}", EventMapping.inbound(SocketCodec.decode("2[\"ping\"]")).frame());
        // The argument is taken exactly, whatever the spacing and whatever its strings hold.
        for (String spaced : new String[] {"2[ \"join\" , {\"room\":\"lobby\"} ]", "2[\"join\",{\"room\":\"lobby\"}  ]",
                "2[\"join\",\n{ \"room\" : \"lobby\" }\n]"}) {
            assertEquals(new org.jakartachat.protocol.ClientFrame.Join("lobby", null),
                    codec.decode(EventMapping.inbound(SocketCodec.decode(spaced)).frame()), spaced);
        }
        assertEquals(new org.jakartachat.protocol.ClientFrame.Post("r", "a}b]\"{", "x"), codec.decode(EventMapping.inbound(
                SocketCodec.decode("2[\"message\",{\"room\":\"r\",\"text\":\"a}b]\\\"{\",\"ref\":\"x\"}]")).frame()));
        assertEquals("{\"type\":\"ping\"}", EventMapping.inbound(SocketCodec.decode("2[\"ping\",{ }]")).frame());
        // What the native codec refuses, it refuses for an event too.
        var unknown = assertThrows(org.jakartachat.protocol.InvalidFrameException.class,
                () -> codec.decode(EventMapping.inbound(SocketCodec.decode("2[\"dance\",{}]")).frame()));
        assertEquals(org.jakartachat.protocol.ErrorCode.UNKNOWN_TYPE, unknown.code());
        var typeTwice = assertThrows(org.jakartachat.protocol.InvalidFrameException.class,
                () -> codec.decode(EventMapping.inbound(SocketCodec.decode("2[\"join\",{\"type\":\"leave\",\"room\":\"a\"}]")).frame()));
        assertEquals(org.jakartachat.protocol.ErrorCode.BAD_REQUEST, typeTwice.code());
        var quoted = EventMapping.inbound(SocketCodec.decode("2[\"a\\\"b\"]")).frame();
        assertEquals("{\"type\":\"a\\\"b\"}", quoted, "the name is written as JSON, escapes and all");
        for (String bad : new String[] {"2[]", "2[1]", "2[\"join\",1]", "2[\"join\",{},{}]", "2[\"join\",[]]",
                "2{\"a\":1}", "2[\"join\",{\"room\":}]", "2[\"join\"] x", "51-[\"join\",{\"_placeholder\":true,\"num\":0}]",
                "3[\"join\"]", "0{}"}) {
            // Refused by the mapping, or (what is inside the argument) by the native codec after it.
            var refused = assertThrows(org.jakartachat.protocol.InvalidFrameException.class,
                    () -> codec.decode(EventMapping.inbound(SocketCodec.decode(bad)).frame()), bad);
            assertEquals(org.jakartachat.protocol.ErrorCode.BAD_REQUEST, refused.code(), bad);
        }
    }

    /** Review finding: JSON-P's skipObject never returned on an argument cut short; a thread spun for good. */
    @Test
    void anArgumentCutShortOrNestedDeepIsRefusedAtOnce() {
        String deep = "2[\"join\"," + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "]";
        for (String bad : new String[] {"2[\"join\",{", "2[\"join\",{\"a\":[", "2[\"join\",{\"a\":{}", "2[\"join\",{]",
                "2[\"join\",null,{}]", deep}) {
            var refused = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                    () -> assertThrows(org.jakartachat.protocol.InvalidFrameException.class,
                            () -> EventMapping.inbound(SocketCodec.decode(bad))), bad.substring(0, Math.min(40, bad.length())));
            assertEquals(org.jakartachat.protocol.ErrorCode.BAD_REQUEST, refused.code());
        }
    }

    @Test
    void theArgumentIsCutExactlyAcrossLongAndNonAsciiText() throws Exception {
        String text = "é😀\u00e9\\\"" + "x".repeat(5000);
        String wire = "2[\"message\",{\"room\":\"r\",\"text\":\"" + text + "\"}]";
        var frame = new org.jakartachat.protocol.FrameCodec().decode(EventMapping.inbound(SocketCodec.decode(wire)).frame());
        assertEquals(new org.jakartachat.protocol.ClientFrame.Post("r", "é😀é\"" + "x".repeat(5000), null), frame);
        assertEquals("{\"type\":\"leave\"}", EventMapping.inbound(SocketCodec.decode("2[\"leave\",null]")).frame(),
                "emit(name, undefined) sends null: no fields");
    }

    @Test
    void everyKindOfServerFrameFromTheRealCodecMapsToItsEvent() {
        var codec = new org.jakartachat.protocol.FrameCodec();
        var frames = java.util.List.<org.jakartachat.protocol.ServerFrame>of(
                new org.jakartachat.protocol.ServerFrame.Pong("r1"),
                new org.jakartachat.protocol.ServerFrame.Renamed("bob", "al"),
                new org.jakartachat.protocol.ServerFrame.TypingNotice("lobby", "al", true));
        for (var frame : frames) {
            String json = codec.encode(frame).json();
            jakarta.json.JsonObject native_ = jakarta.json.Json.createReader(new java.io.StringReader(json)).readObject();
            SocketPacket event = EventMapping.outbound(json, null);
            jakarta.json.JsonArray args = jakarta.json.Json.createReader(new java.io.StringReader(event.payload())).readArray();
            assertEquals(native_.getString("type"), args.getString(0), json);
            jakarta.json.JsonObjectBuilder fields = jakarta.json.Json.createObjectBuilder(native_);
            fields.remove("type");
            assertEquals(fields.build(), args.getJsonObject(1), json);
            assertEquals(2, args.size(), json);
            assertEquals("34[" + json + "]", SocketCodec.encode(EventMapping.outbound(json, 4L)), "the ack keeps the type");
        }
    }

    @Test
    void aFrameIsAnEventOfItsTypeOrTheAckOfTheEventItAnswers() {
        assertEquals("2[\"joined\",{\"room\":\"lobby\",\"members\":[]}]", SocketCodec.encode(
                EventMapping.outbound("{\"type\":\"joined\",\"room\":\"lobby\",\"members\":[]}", null)));
        assertEquals("2[\"pong\",{}]", SocketCodec.encode(EventMapping.outbound("{\"type\":\"pong\"}", null)));
        assertEquals("37[{\"type\":\"error\",\"code\":\"not_in_room\"}]", SocketCodec.encode(
                EventMapping.outbound("{\"type\":\"error\",\"code\":\"not_in_room\"}", 7L)));
    }
}
