package org.tipgate.directory;

import java.util.List;

/**
 * The agency directory file as written: its own version (recorded with each routing decision, like
 * the LGD table's), the CA certificates and CRLs agency certificates are checked against, and the
 * agencies.
 */
record DirectoryFile(String version, List<String> trust, List<String> crls, List<Agency> agencies) {

    DirectoryFile {
        trust = trust == null ? List.of() : List.copyOf(trust);
        crls = crls == null ? List.of() : List.copyOf(crls);
        agencies = agencies == null ? List.of() : List.copyOf(agencies);
    }
}
