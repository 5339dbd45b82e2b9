package org.jakartachat.socketio;

/** Both protocols write a packet's type as one digit, its place in the list of types. */
final class TypeDigit {
    private TypeDigit() {
    }

    static char of(Enum<?> type) {
        return (char) ('0' + type.ordinal());
    }

    /** The type written as {@code digit}, or null. */
    static <E extends Enum<E>> E read(E[] types, char digit) {
        int n = digit - '0';
        return n >= 0 && n < types.length ? types[n] : null;
    }
}
