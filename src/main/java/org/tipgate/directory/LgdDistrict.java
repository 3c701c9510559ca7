package org.tipgate.directory;

/**
 * One district of the LGD table.
 *
 * @param code its LGD district code (unique across India, not only within its state)
 * @param name its name as LGD spells it (mostly upper case; newer districts in mixed case)
 * @param stateCode the LGD code of its state
 */
public record LgdDistrict(int code, String name, int stateCode) {
}
