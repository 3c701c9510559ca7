package org.tipgate.routing;

import com.fasterxml.jackson.databind.JsonNode;
import org.tipgate.directory.LgdState;
import org.tipgate.directory.LgdTables;

/**
 * The state the sender's {@code routing} block names. When it gives both {@code stateIso} and
 * {@code stateLgd} they must name the same state; a code the tables do not know, or two codes that
 * disagree, make the record unroutable: the sender decided, and TipGate does not second-guess which
 * half of a contradictory decision was meant.
 */
final class SenderState {

    static final String ISO = "routing.stateIso";
    static final String LGD = "routing.stateLgd";
    static final String BOTH = ISO + "+" + LGD;

    private final LgdTables lgd;

    SenderState(LgdTables lgd) {
        this.lgd = lgd;
    }

    StateFinding resolve(JsonNode routing) {
        boolean hasIso = RecordFields.present(routing, "stateIso");
        boolean hasLgd = RecordFields.present(routing, "stateLgd");
        if (!hasIso && !hasLgd) {
            return StateFinding.unroutable("routing names neither stateIso nor stateLgd");
        }
        LgdState byIso = null;
        if (hasIso) {
            String iso = RecordFields.text(routing, "stateIso");
            if (iso == null) {
                return StateFinding.unroutable("routing.stateIso is not a string");
            }
            byIso = lgd.stateByIso(iso).orElse(null);
            if (byIso == null) {
                return StateFinding.unroutable("routing.stateIso " + iso + " is not an ISO 3166-2:IN state code");
            }
        }
        LgdState byLgd = null;
        if (hasLgd) {
            Integer code = RecordFields.wholeNumber(routing.get("stateLgd"));
            if (code == null) {
                return StateFinding.unroutable("routing.stateLgd is not an integer");
            }
            byLgd = lgd.state(code).orElse(null);
            if (byLgd == null) {
                return StateFinding.unroutable("routing.stateLgd " + code + " is not an LGD state code (" + lgd.version() + ")");
            }
        }
        if (byIso == null) {
            return StateFinding.of(byLgd, LGD);
        }
        if (byLgd == null) {
            return StateFinding.of(byIso, ISO);
        }
        if (byIso.code() != byLgd.code()) {
            return StateFinding.unroutable("routing.stateIso " + routing.get("stateIso").textValue() + " (LGD " + byIso.code()
                    + ") and routing.stateLgd " + byLgd.code() + " (" + byLgd.iso() + ") name different states");
        }
        return StateFinding.of(byIso, BOTH);
    }
}
