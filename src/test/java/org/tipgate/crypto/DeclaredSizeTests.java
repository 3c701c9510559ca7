package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The size a feed's first bytes declare: only from a whole DER header of a SEQUENCE. */
class DeclaredSizeTests {

    @Test
    void aDefiniteLengthGivesTheWholeElementsSize() {
        assertThat(DeclaredSize.of(bytes(0x30, 0x05, 1, 2), 0, 4)).isEqualTo(7);
        assertThat(DeclaredSize.of(bytes(0x30, 0x82, 0x01, 0x00, 6), 0, 5)).isEqualTo(4 + 256);
        assertThat(DeclaredSize.of(bytes(0x30, 0x84, 0x03, 0x9d, 0xd4, 0xa9), 0, 6)).isEqualTo(6 + 60_675_241L);
        assertThat(DeclaredSize.of(bytes(9, 9, 0x30, 0x81, 0x80), 2, 3)).as("at an offset").isEqualTo(3 + 128);
    }

    @Test
    void anythingElseHasNoDeclaredSize() {
        assertThat(DeclaredSize.of(bytes(0x31, 0x05), 0, 2)).as("not a SEQUENCE").isEqualTo(-1);
        assertThat(DeclaredSize.of(bytes(0x30, 0x80, 0x06), 0, 3)).as("indefinite (BER)").isEqualTo(-1);
        assertThat(DeclaredSize.of(bytes(0x30, 0x81, 0x05), 0, 3)).as("not minimal").isEqualTo(-1);
        assertThat(DeclaredSize.of(bytes(0x30, 0x82, 0x01), 0, 3)).as("ends inside the header").isEqualTo(-1);
        assertThat(DeclaredSize.of(bytes(0x30), 0, 1)).as("one byte").isEqualTo(-1);
        assertThat(DeclaredSize.of(bytes(0x30, 0x88, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 0, 10))
                .as("larger than any signed document").isEqualTo(-1);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
