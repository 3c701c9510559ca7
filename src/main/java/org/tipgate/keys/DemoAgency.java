package org.tipgate.keys;

/**
 * One agency of the demo PKI and directory. {@code role} is one of NATIONAL_SENDER, GATEWAY,
 * STATE_NODAL, DISTRICT, AUDITOR; the jurisdiction fields are ISO 3166-2:IN and LGD codes, null
 * where the role has none (a state agency has no district).
 */
public record DemoAgency(String id, String name, String role, KeyKind kind,
                         String stateIso, Integer stateLgd, Integer districtLgd) {

    /** The certificate subject; the CN is the agency id, by which a signer is bound to its agency. */
    public String subjectDn() {
        return "CN=" + id + ",O=" + name + " (DEMO),C=IN";
    }
}
