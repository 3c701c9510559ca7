package org.tipgate.audit;

/**
 * Who asks the audit trail, and so what they may see: an auditor or an operator sees every event;
 * a state or district agency only the events about packages addressed to it (recipient = its id);
 * a national sender the events about the feeds it sent and those it is the actor of.
 */
public record Viewer(String id, Scope scope) {

    public enum Scope {
        ALL, RECIPIENT, SENDER
    }

    public Viewer {
        if (id == null || id.isEmpty() || scope == null) {
            throw new IllegalArgumentException("a viewer needs an id and a scope");
        }
    }

    /** An operator at the gateway's own console (the CLI): sees everything, named in events as {@code operator:<name>}. */
    public static Viewer operator(String name) {
        return new Viewer("operator:" + name, Scope.ALL);
    }
}
