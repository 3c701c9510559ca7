package org.tipgate.routing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tipgate.directory.LgdDistrict;
import org.tipgate.directory.LgdState;
import org.tipgate.directory.LgdTables;

/**
 * City-to-district lookup within a state. A place is a district when its name is that district's
 * LGD name, or when a gazetteer row maps it to the district (towns such as Mhow, renamed districts
 * such as Hoshangabad, spellings such as Bangalore). Names are compared trimmed, case-insensitively,
 * with runs of white space as one space. A name that denotes two districts of one state (two rows,
 * or a row and a district's own name: Mumbai is both the MUMBAI district and part of MUMBAI
 * SUBURBAN) is ambiguous and decides no district. Every row is checked against the LGD tables when
 * loaded; built once, immutable and thread-safe.
 */
public final class Gazetteer {

    /** The gazetteer bundled with TipGate, on the classpath. */
    public static final String BUNDLED = "routing/gazetteer.csv";

    private final String lgdVersion;
    private final Map<Integer, Map<String, List<LgdDistrict>>> places = new HashMap<>();

    private Gazetteer(LgdTables lgd, List<GazetteerRow> rows) {
        this.lgdVersion = lgd.version();
        for (LgdState state : lgd.states()) {
            Map<String, List<LgdDistrict>> names = new HashMap<>();
            lgd.districts(state.code()).forEach(d -> names.computeIfAbsent(PlaceNames.key(d.name()), k -> new ArrayList<>()).add(d));
            places.put(state.code(), names);
        }
        Map<String, String> seen = new HashMap<>();
        for (GazetteerRow row : rows) {
            String key = PlaceNames.key(row.place());
            String earlier = seen.putIfAbsent(row.stateLgd() + "," + key + "," + row.district().code(), row.where());
            if (earlier != null) {
                throw new IllegalArgumentException(row.where() + ": repeats " + earlier);
            }
            List<LgdDistrict> named = places.get(row.stateLgd()).computeIfAbsent(key, k -> new ArrayList<>());
            if (named.contains(row.district())) {
                throw new IllegalArgumentException(row.where() + ": redundant, " + row.district().name()
                        + " is already that district's LGD name");
            }
            named.add(row.district());
        }
        places.values().forEach(names -> names.replaceAll((name, districts) -> List.copyOf(districts)));
    }

    /** The bundled gazetteer ({@value #BUNDLED}), checked against {@code lgd}. */
    public static Gazetteer bundled(LgdTables lgd) {
        try (InputStream in = Gazetteer.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + BUNDLED + " is missing");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), BUNDLED, lgd);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUNDLED, e);
        }
    }

    /**
     * A gazetteer file (format: see {@value #BUNDLED}), checked against {@code lgd}.
     *
     * @param source the file's name, for messages
     * @throws IllegalArgumentException naming the line and row, if the header is missing, a row is
     *     malformed, names an unknown state or district or a district of another state, repeats
     *     another row, or maps a district's own LGD name to it
     */
    public static Gazetteer read(Reader csv, String source, LgdTables lgd) throws IOException {
        return new Gazetteer(lgd, new GazetteerCsv(lgd, source).read(new BufferedReader(csv)));
    }

    /** The version of the LGD tables the rows were checked against. */
    public String lgdVersion() {
        return lgdVersion;
    }

    /**
     * The districts of state {@code stateLgd} that {@code place} may denote: none when the name is
     * unknown there, one when it decides a district, several when it is ambiguous.
     */
    public List<LgdDistrict> candidates(int stateLgd, String place) {
        Map<String, List<LgdDistrict>> names = places.get(stateLgd);
        if (names == null || place == null) {
            return List.of();
        }
        List<LgdDistrict> found = names.get(PlaceNames.key(place));
        return found == null ? List.of() : found;
    }

    /** The district {@code place} denotes in state {@code stateLgd}; empty when unknown or ambiguous. */
    public Optional<LgdDistrict> district(int stateLgd, String place) {
        List<LgdDistrict> found = candidates(stateLgd, place);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }
}
