package org.tipgate.routing;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.DirectoryException;
import org.tipgate.directory.LgdTables;

/** Routers over the demo directory (config/agencies.yaml) and variants of it, for tests. */
final class Routers {

    static final Path DEMO = Path.of("config/agencies.yaml");
    static final LgdTables LGD = LgdTables.bundled();
    static final Gazetteer GAZETTEER = Gazetteer.bundled(LGD);

    private Routers() {
    }

    static AgencyDirectory demoDirectory() {
        return load(DEMO);
    }

    /** The demo directory and the bundled gazetteer. */
    static JurisdictionRouter demo() {
        return new JurisdictionRouter(demoDirectory(), LGD, GAZETTEER);
    }

    /** The demo directory and a gazetteer of the given rows (header added). */
    static JurisdictionRouter demoWithGazetteer(String rows) {
        try {
            Gazetteer gazetteer = Gazetteer.read(new StringReader(GazetteerCsv.HEADER + "\n" + rows), "test.csv", LGD);
            return new JurisdictionRouter(demoDirectory(), LGD, gazetteer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The demo directory with Delhi's two agencies moved to Odisha (dl-ifso its nodal agency,
     * dl-new-delhi the endpoint of KHORDHA, LGD 362): the demo keys have no Odisha agency, and
     * retired ISO codes are only worth testing for a state that has one.
     */
    static JurisdictionRouter odisha(Path dir) throws IOException {
        String yaml = Files.readString(DEMO)
                .replace("{stateIso: IN-DL, stateLgd: 7}", "{stateIso: IN-OD, stateLgd: 21}")
                .replace("{stateIso: IN-DL, stateLgd: 7, districtLgd: 79}", "{stateIso: IN-OD, stateLgd: 21, districtLgd: 362}");
        Path file = dir.resolve("agencies.yaml");
        Files.writeString(file, yaml);
        return new JurisdictionRouter(load(file), LGD, GAZETTEER);
    }

    private static AgencyDirectory load(Path file) {
        try {
            return AgencyDirectory.load(file, Path.of("."), LGD, Clock.systemUTC());
        } catch (DirectoryException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
