package org.jakartachat.endpoint;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import org.jakartachat.protocol.ClientFrame;
import org.jakartachat.protocol.FrameCodec;
import org.jakartachat.protocol.InvalidFrameException;

/**
 * The WebSocket decoder for client frames, over the shared {@link FrameCodec}. A refused frame
 * becomes a {@link DecodeException} whose cause is the {@link InvalidFrameException} saying
 * which error the client gets.
 */
public final class ClientFrameDecoder implements Decoder.Text<ClientFrame> {
    private final FrameCodec codec;

    public ClientFrameDecoder(FrameCodec codec) {
        this.codec = codec;
    }

    @Override
    public ClientFrame decode(String text) throws DecodeException {
        try {
            return codec.decode(text);
        } catch (InvalidFrameException e) {
            throw new DecodeException(text.length() > 200 ? text.substring(0, 200) : text, e.getMessage(), e);
        }
    }

    /** Every text frame is decoded; those that do not fit get an error, not silence. */
    @Override
    public boolean willDecode(String text) {
        return true;
    }
}
