package org.jakartachat.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

    @Test
    void aMessageMayComeInAtMostMaxPartsParts() throws Exception {
        FrameAssembler assembler = new FrameAssembler(32_768);
        for (int i = 0; i < FrameAssembler.MAX_PARTS - 1; i++) {
            assertNull(assembler.add(i == 0 ? "{" : "", false));
        }
        assertEquals("{}", assembler.add("}", true), "256 parts, the last one included");
        for (int i = 0; i < FrameAssembler.MAX_PARTS - 1; i++) {
            assembler.add("", false);
        }
        assertThrows(FrameAssembler.TooManyParts.class, () -> assembler.add("", false), "a 257th part is coming");
    }

    @Test
    void binaryPartsCountTooAndABinaryMessageOverTheLimitInBytesIsTooBig() throws Exception {
        FrameAssembler assembler = new FrameAssembler(1_024);
        assembler.count(1_000, false);
        assembler.count(24, true); // 1,024 bytes: at the limit
        assembler.count(1_000, false);
        assertThrows(FrameAssembler.TooBig.class, () -> assembler.count(25, false));
        FrameAssembler parts = new FrameAssembler(1_024);
        for (int i = 0; i < FrameAssembler.MAX_PARTS - 1; i++) {
            parts.count(0, false);
        }
        assertThrows(FrameAssembler.TooManyParts.class, () -> parts.count(0, false));
    }

    @Test
    void aTextMessageOverTheLimitIsTooBigAndItsRestIgnored() throws Exception {
        FrameAssembler assembler = new FrameAssembler(1_024);
        assertNull(assembler.add("x".repeat(1_000), false));
        assertThrows(FrameAssembler.TooBig.class, () -> assembler.add("x".repeat(25), false));
        assertNull(assembler.add("x".repeat(5_000), false));
        assertNull(assembler.add("x", true), "the rest of that message is dropped");
        assertEquals("{}", assembler.add("{}", true), "the next one is read as usual");
    }
}
