package org.tipgate.directory;

import java.util.Map;
import java.util.Optional;

/**
 * ISO 3166-2:IN codes of the 36 states and union territories, keyed to their LGD state codes. LGD
 * does not carry ISO codes, so this table is TipGate's own. Senders keep using codes that ISO has
 * retired, so those are accepted as aliases of the same LGD state: IN-CT, IN-OR, IN-TG and IN-UT
 * (replaced in November 2023 by IN-CG, IN-OD, IN-TS and IN-UK), and IN-DD / IN-DN (merged into
 * IN-DH in 2020).
 */
final class IsoStateCodes {

    /** LGD state code to its current ISO code. */
    private static final Map<Integer, String> CURRENT = Map.ofEntries(
            Map.entry(35, "IN-AN"), Map.entry(28, "IN-AP"), Map.entry(12, "IN-AR"), Map.entry(18, "IN-AS"),
            Map.entry(10, "IN-BR"), Map.entry(4, "IN-CH"), Map.entry(22, "IN-CG"), Map.entry(7, "IN-DL"),
            Map.entry(30, "IN-GA"), Map.entry(24, "IN-GJ"), Map.entry(6, "IN-HR"), Map.entry(2, "IN-HP"),
            Map.entry(1, "IN-JK"), Map.entry(20, "IN-JH"), Map.entry(29, "IN-KA"), Map.entry(32, "IN-KL"),
            Map.entry(37, "IN-LA"), Map.entry(31, "IN-LD"), Map.entry(23, "IN-MP"), Map.entry(27, "IN-MH"),
            Map.entry(14, "IN-MN"), Map.entry(17, "IN-ML"), Map.entry(15, "IN-MZ"), Map.entry(13, "IN-NL"),
            Map.entry(21, "IN-OD"), Map.entry(34, "IN-PY"), Map.entry(3, "IN-PB"), Map.entry(8, "IN-RJ"),
            Map.entry(11, "IN-SK"), Map.entry(33, "IN-TN"), Map.entry(36, "IN-TS"), Map.entry(38, "IN-DH"),
            Map.entry(16, "IN-TR"), Map.entry(5, "IN-UK"), Map.entry(9, "IN-UP"), Map.entry(19, "IN-WB"));

    /** Retired ISO code to the LGD state code it still denotes. */
    private static final Map<String, Integer> ALIASES = Map.of(
            "IN-CT", 22, "IN-OR", 21, "IN-TG", 36, "IN-UT", 5, "IN-DD", 38, "IN-DN", 38);

    private IsoStateCodes() {
    }

    static Optional<String> currentCode(int lgdStateCode) {
        return Optional.ofNullable(CURRENT.get(lgdStateCode));
    }

    /** Retired ISO codes and the LGD state codes they still denote. */
    static Map<String, Integer> aliases() {
        return ALIASES;
    }
}
