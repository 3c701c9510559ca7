package org.tipgate.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Decides who receives one accepted record (docs/routing.md). */
@FunctionalInterface
public interface RecordRouter {

    /**
     * @return the agency ids that must receive the record, state nodal agency first
     * @throws Unroutable when no Indian state with an agency can be resolved: the record is
     *     quarantined for the national desk
     */
    List<String> recipients(JsonNode record) throws Unroutable;

    /** A record that cannot be routed, with the reason the sender will read in its ack. */
    final class Unroutable extends Exception {

        public Unroutable(String reason) {
            super(reason);
        }
    }
}
