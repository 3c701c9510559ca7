package org.tipgate.directory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The directory's own consistency: ids, roles, jurisdictions against the LGD tables, one agency
 * per state and per district, endpoints where packages must go, a sender's polled outbox.
 * Certificates and keys are checked by {@link KeyMaterialCheck}. Every finding starts with the
 * entry it is about.
 */
final class DirectoryCheck {

    /** Agency ids become SFTP user names, certificate CNs and file names: keep them plain. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /**
     * An id a finding can name its entry by, even if it is not a valid one ({@code ../auditor}):
     * printable ASCII without blanks or colons, so that "agency &lt;id&gt;: ..." stays one line that
     * says where the entry ends. Any other entry is named by its position, "agency #3".
     */
    private static final Pattern NAMEABLE = Pattern.compile("[!-9;-~]{1,64}");

    private final LgdTables lgd;
    private final List<String> findings = new ArrayList<>();

    DirectoryCheck(LgdTables lgd) {
        this.lgd = lgd;
    }

    List<String> check(DirectoryFile file) {
        if (file.version() == null || file.version().isBlank()) {
            findings.add("(file): no version");
        }
        if (file.trust().isEmpty()) {
            findings.add("(file): no trust: name the CA certificates that agency certificates chain to");
        }
        Set<String> ids = new HashSet<>();
        Map<Integer, String> stateAgencies = new HashMap<>();
        Map<Integer, String> districtAgencies = new HashMap<>();
        for (int i = 0; i < file.agencies().size(); i++) {
            Agency agency = file.agencies().get(i);
            String entry = agency.id() != null && NAMEABLE.matcher(agency.id()).matches() ? "agency " + agency.id()
                    : "agency #" + (i + 1);
            if (agency.id() == null || !ID.matcher(agency.id()).matches()) {
                findings.add(entry + ": id must match " + ID.pattern());
            } else if (!ids.add(agency.id())) {
                findings.add(entry + ": duplicate id");
            }
            if (agency.name() == null || agency.name().isBlank()) {
                findings.add(entry + ": no name");
            }
            if (agency.role() == null) {
                findings.add(entry + ": no role");
                continue;
            }
            checkJurisdiction(entry, agency).ifPresent(state -> claim(entry, agency, state, stateAgencies,
                    districtAgencies));
            checkEndpoints(entry, agency);
        }
        checkRoles(file.agencies());
        districtAgencies.forEach((district, entry) -> lgd.district(district)
                .filter(d -> !stateAgencies.containsKey(d.stateCode()))
                .ifPresent(d -> findings.add(entry + ": no STATE_NODAL agency for its state (LGD " + d.stateCode()
                        + "), so its records would be quarantined")));
        return findings;
    }

    private Optional<LgdState> checkJurisdiction(String entry, Agency agency) {
        Jurisdiction jurisdiction = agency.jurisdiction();
        if (!agency.role().receivesPackages()) {
            if (jurisdiction != null) {
                findings.add(entry + ": a " + agency.role() + " has no jurisdiction");
            }
            return Optional.empty();
        }
        if (jurisdiction == null || jurisdiction.stateIso() == null && jurisdiction.stateLgd() == null) {
            findings.add(entry + ": a " + agency.role() + " needs jurisdiction.stateIso or jurisdiction.stateLgd");
            return Optional.empty();
        }
        Optional<LgdState> byIso = Optional.ofNullable(jurisdiction.stateIso()).flatMap(lgd::stateByIso);
        Optional<LgdState> byLgd = Optional.ofNullable(jurisdiction.stateLgd()).flatMap(lgd::state);
        if (jurisdiction.stateIso() != null && byIso.isEmpty()) {
            findings.add(entry + ": unknown ISO 3166-2:IN state code " + jurisdiction.stateIso());
        }
        if (jurisdiction.stateLgd() != null && byLgd.isEmpty()) {
            findings.add(entry + ": unknown LGD state code " + jurisdiction.stateLgd() + " (" + lgd.version() + ")");
        }
        if (byIso.isPresent() && byLgd.isPresent() && !byIso.equals(byLgd)) {
            findings.add(entry + ": stateIso " + jurisdiction.stateIso() + " and stateLgd " + jurisdiction.stateLgd()
                    + " name different states");
            return Optional.empty();
        }
        return byIso.or(() -> byLgd);
    }

    private void claim(String entry, Agency agency, LgdState state, Map<Integer, String> stateAgencies,
                       Map<Integer, String> districtAgencies) {
        Integer district = agency.jurisdiction().districtLgd();
        if (agency.role() == AgencyRole.STATE_NODAL) {
            if (district != null) {
                findings.add(entry + ": a STATE_NODAL agency has no districtLgd");
            }
            String other = stateAgencies.putIfAbsent(state.code(), entry);
            if (other != null) {
                findings.add(entry + ": " + other + " is already the nodal agency of " + state.name());
            }
            return;
        }
        if (district == null) {
            findings.add(entry + ": a DISTRICT needs jurisdiction.districtLgd");
        } else if (lgd.district(district).filter(d -> d.stateCode() == state.code()).isEmpty()) {
            findings.add(entry + ": unknown LGD district code " + district + " in " + state.name() + " ("
                    + lgd.version() + ")");
        } else {
            String other = districtAgencies.putIfAbsent(district, entry);
            if (other != null) {
                findings.add(entry + ": " + other + " is already the endpoint of district " + district);
            }
        }
    }

    /**
     * Recipients need somewhere to deliver to. A national sender may have one endpoint, the SFTP
     * outbox the gateway polls; gateway and auditor have none.
     */
    private void checkEndpoints(String entry, Agency agency) {
        boolean sender = agency.role() == AgencyRole.NATIONAL_SENDER;
        if (agency.role().receivesPackages() && agency.endpoints().isEmpty()) {
            findings.add(entry + ": a " + agency.role() + " receives packages but has no endpoint");
        }
        if (!agency.role().receivesPackages() && !sender && !agency.endpoints().isEmpty()) {
            findings.add(entry + ": a " + agency.role() + " receives no packages, so has no endpoints");
        }
        if (sender && agency.endpoints().size() > 1) {
            findings.add(entry + ": a NATIONAL_SENDER has at most one endpoint, the SFTP outbox the gateway polls");
        }
        for (Endpoint endpoint : agency.endpoints()) {
            EndpointCheck.problems(endpoint, agency.role())
                    .forEach(problem -> findings.add(entry + ": endpoint " + problem));
        }
        if (agency.sshKeys().isEmpty() && agency.endpoints().stream().anyMatch(e -> e.type() == Endpoint.Type.PULL)) {
            findings.add(entry + ": endpoint PULL needs sshKeys: the agency collects its packages by logging in to"
                    + " its account on the gateway's SFTP server");
        }
    }

    private void checkRoles(List<Agency> agencies) {
        long gateways = agencies.stream().filter(a -> a.role() == AgencyRole.GATEWAY).count();
        if (gateways != 1) {
            findings.add("(file): " + gateways + " GATEWAY agencies; exactly one required");
        }
        if (agencies.stream().noneMatch(a -> a.role() == AgencyRole.NATIONAL_SENDER)) {
            findings.add("(file): no NATIONAL_SENDER agency");
        }
    }
}
