package org.tipgate.directory;

/**
 * Where an agency's authority runs: a state (ISO 3166-2:IN and LGD code, which must agree) and,
 * for a district endpoint, the LGD district code.
 */
public record Jurisdiction(String stateIso, Integer stateLgd, Integer districtLgd) {
}
