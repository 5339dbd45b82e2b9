package org.jakartachat.endpoint;

import jakarta.websocket.Encoder;
import org.jakartachat.protocol.EncodedFrame;

/**
 * The WebSocket encoder for server frames. The hub encodes each frame once, however many
 * connections receive it, so encoding here only hands over that text.
 */
public final class EncodedFrameEncoder implements Encoder.Text<EncodedFrame> {
    @Override
    public String encode(EncodedFrame frame) {
        return frame.json();
    }
}
