package org.jakartachat.testing;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/** Client frames built the way an outside client would: as JSON text. */
public final class Frames {
    private Frames() {
    }

    public static String join(String room) {
        return Json.createObjectBuilder().add("type", "join").add("room", room).build().toString();
    }

    public static String join(String room, String since) {
        return Json.createObjectBuilder().add("type", "join").add("room", room).add("since", since).build().toString();
    }

    public static String leave(String room) {
        return Json.createObjectBuilder().add("type", "leave").add("room", room).build().toString();
    }

    public static String message(String room, String text) {
        return Json.createObjectBuilder().add("type", "message").add("room", room).add("text", text).build().toString();
    }

    public static String message(String room, String text, String ref) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("type", "message").add("room", room).add("text", text);
        return b.add("ref", ref).build().toString();
    }

    public static String typing(String room, boolean active) {
        return Json.createObjectBuilder().add("type", "typing").add("room", room).add("active", active).build()
                .toString();
    }

    public static String rename(String name) {
        return Json.createObjectBuilder().add("type", "rename").add("name", name).build().toString();
    }

    public static String ping(String ref) {
        return Json.createObjectBuilder().add("type", "ping").add("ref", ref).build().toString();
    }

    public static String direct(String to, String text) {
        return Json.createObjectBuilder().add("type", "direct").add("to", to).add("text", text).build().toString();
    }

    public static String direct(String to, String text, String ref) {
        return Json.createObjectBuilder().add("type", "direct").add("to", to).add("text", text).add("ref", ref).build()
                .toString();
    }

    public static String directs(String since) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("type", "directs");
        return (since == null ? b : b.add("since", since)).build().toString();
    }

    public static String block(String name) {
        return Json.createObjectBuilder().add("type", "block").add("name", name).build().toString();
    }

    public static String unblock(String name) {
        return Json.createObjectBuilder().add("type", "unblock").add("name", name).build().toString();
    }
}
