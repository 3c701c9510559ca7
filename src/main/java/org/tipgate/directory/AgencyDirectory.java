package org.tipgate.directory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agency directory, checked: who the agencies are, which certificates speak for each, and
 * which agency receives a state's or a district's tips. Immutable once loaded; a directory with any
 * finding is never loaded, so the gateway does not start on one.
 */
public final class AgencyDirectory {

    /** Where the gateway and the CLI look for the directory unless told otherwise. */
    public static final Path DEFAULT_FILE = Path.of("config", "agencies.yaml");
    /** Where the directory lived, among the flows, before it moved to {@link #DEFAULT_FILE}. */
    static final Path FORMER_FILE = Path.of("routes", "agencies.yaml");

    private final String version;
    private final LgdTables lgd;
    private final Map<String, Agency> agencies = new LinkedHashMap<>();
    private final Map<String, List<X509Certificate>> certificates;
    private final List<X509Certificate> trust;
    private final List<X509CRL> crls;

    private AgencyDirectory(DirectoryFile file, LgdTables lgd, KeyMaterialCheck keys) {
        this.version = file.version();
        this.lgd = lgd;
        file.agencies().forEach(agency -> agencies.put(agency.id(), agency));
        this.certificates = Map.copyOf(keys.certificates());
        this.trust = keys.trust();
        this.crls = keys.crls();
    }

    /**
     * What to do when the directory is still kept where it used to be ({@code routes/agencies.yaml}
     * under {@code workingDirectory}, a folder the gateway loads as flows), or {@code file} names
     * that place: move it to {@link #DEFAULT_FILE}. Empty when neither is the case.
     */
    public static Optional<String> formerLocation(Path workingDirectory, Path file) {
        Path former = workingDirectory.resolve(FORMER_FILE).toAbsolutePath().normalize();
        if (!Files.exists(former) && !workingDirectory.resolve(file).toAbsolutePath().normalize().equals(former)) {
            return Optional.empty();
        }
        return Optional.of(FORMER_FILE + ": the agency directory no longer lives among the flows in routes/; move it"
                + " to " + DEFAULT_FILE + " (the default), or elsewhere outside routes/ and name it with"
                + " tipgate.directory (the CLI: --file or --directory)");
    }

    /**
     * Reads and checks {@code file}; paths inside it are resolved against {@code base}.
     *
     * @throws DirectoryException listing every finding, each naming its entry
     */
    public static AgencyDirectory load(Path file, Path base, LgdTables lgd, Clock clock) throws DirectoryException {
        DirectoryFile read = DirectoryReader.read(file);
        List<String> findings = new ArrayList<>(new DirectoryCheck(lgd).check(read));
        KeyMaterialCheck keys = new KeyMaterialCheck(base, clock);
        findings.addAll(keys.check(read));
        if (!findings.isEmpty()) {
            throw new DirectoryException(file.toString(), findings);
        }
        return new AgencyDirectory(read, lgd, keys);
    }

    public String version() {
        return version;
    }

    public String lgdVersion() {
        return lgd.version();
    }

    public List<Agency> agencies() {
        return List.copyOf(agencies.values());
    }

    public Optional<Agency> agency(String id) {
        return Optional.ofNullable(agencies.get(id));
    }

    public List<X509Certificate> certificates(String agencyId) {
        return certificates.getOrDefault(agencyId, List.of());
    }

    /** The one GATEWAY agency: TipGate itself (the checks guarantee exactly one). */
    public Agency gateway() {
        return agencies.values().stream().filter(a -> a.role() == AgencyRole.GATEWAY).findFirst()
                .orElseThrow(() -> new IllegalStateException("a checked directory has a GATEWAY agency"));
    }

    /** The CA certificates agency certificates chain to. */
    public List<X509Certificate> trust() {
        return trust;
    }

    /** The CRLs of those CAs. */
    public List<X509CRL> crls() {
        return crls;
    }

    /** The nodal agency of a state, by its LGD code. */
    public Optional<Agency> stateNodal(int stateLgd) {
        return agencies.values().stream()
                .filter(a -> a.role() == AgencyRole.STATE_NODAL && stateOf(a) == stateLgd)
                .findFirst();
    }

    /** The district endpoint of a district, by its LGD code, when the directory has one. */
    public Optional<Agency> district(int districtLgd) {
        return agencies.values().stream()
                .filter(a -> a.role() == AgencyRole.DISTRICT && Integer.valueOf(districtLgd).equals(a.jurisdiction().districtLgd()))
                .findFirst();
    }

    private int stateOf(Agency agency) {
        Jurisdiction j = agency.jurisdiction();
        return j.stateLgd() != null ? j.stateLgd() : lgd.stateByIso(j.stateIso()).map(LgdState::code).orElse(-1);
    }
}
