package org.tipgate.directory;

/**
 * One state or union territory of the LGD table.
 *
 * @param code its LGD state code
 * @param name its name as LGD spells it (upper case, e.g. {@code MADHYA PRADESH})
 * @param unionTerritory true for a union territory
 * @param iso its current ISO 3166-2:IN code (e.g. {@code IN-OD}, never a retired alias)
 */
public record LgdState(int code, String name, boolean unionTerritory, String iso) {
}
