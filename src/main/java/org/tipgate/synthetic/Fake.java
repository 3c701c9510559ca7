package org.tipgate.synthetic;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Synthetic values that cannot be mistaken for real ones: documentation IP ranges (RFC 5737, RFC
 * 3849), the reserved .invalid domain (RFC 2606), +91 numbers whose national part starts with 0
 * (no Indian subscriber number does), random hashes that are the hash of nothing.
 */
final class Fake {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);
    private static final String[] TEST_NETS = {"192.0.2.", "198.51.100.", "203.0.113."};
    private static final String[] ADJECTIVES = {"quiet", "blue", "lucky", "swift", "silent", "happy", "dark", "brave",
        "cool", "wild", "lazy", "red", "frosty", "mellow", "sunny", "stormy"};
    private static final String[] NOUNS = {"falcon", "tiger", "river", "panda", "comet", "pixel", "ninja", "lotus",
        "monsoon", "otter", "raven", "mango", "cobra", "koel", "nomad", "rider"};
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Fake() {
    }

    static String hex(SplittableRandom random, int digits) {
        char[] out = new char[digits];
        long bits = 0;
        for (int i = 0; i < digits; i++) {
            if (i % 16 == 0) {
                bits = random.nextLong();
            }
            out[i] = HEX[(int) (bits & 0xf)];
            bits >>>= 4;
        }
        return new String(out);
    }

    static String photoDnaLike(SplittableRandom random) {
        byte[] bytes = new byte[144];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String ipAddress(SplittableRandom random) {
        if (random.nextInt(10) < 2) {
            return "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + "::" + Integer.toHexString(1 + random.nextInt(0xffff));
        }
        return TEST_NETS[random.nextInt(TEST_NETS.length)] + (1 + random.nextInt(254));
    }

    static String screenName(SplittableRandom random) {
        return ADJECTIVES[random.nextInt(ADJECTIVES.length)] + NOUNS[random.nextInt(NOUNS.length)] + random.nextInt(1000);
    }

    static String phone(SplittableRandom random) {
        return "+91 00000 " + digits(random.nextInt(100_000), 5);
    }

    /** RFC 3339 to the second; by hand, because DateTimeFormatter dominated the generator's profile. */
    static String dateTime(Instant instant, ZoneOffset offset) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, offset);
        return digits(t.getYear(), 4) + '-' + digits(t.getMonthValue(), 2) + '-' + digits(t.getDayOfMonth(), 2)
                + 'T' + digits(t.getHour(), 2) + ':' + digits(t.getMinute(), 2) + ':' + digits(t.getSecond(), 2)
                + (offset.getTotalSeconds() == 0 ? "Z" : offset.getId());
    }

    /** A non-negative number left-padded with zeros to {@code width} digits. */
    static String digits(int value, int width) {
        String text = Integer.toString(value);
        return text.length() >= width ? text : "0".repeat(width - text.length()) + text;
    }
}
