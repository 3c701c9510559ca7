package org.tipgate.directory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One dated version of the LGD state and district tables, with the ISO 3166-2:IN codes of the
 * states. Immutable and thread-safe. Routing records {@link #version()} with each decision, because
 * districts are split and renumbered over time and a decision is only reproducible against the
 * table it was made with.
 */
public final class LgdTables {

    /** The version of the tables bundled under {@code lgd/} on the classpath. */
    public static final String BUNDLED_VERSION = "lgd-2022-03-11";

    private final String version;
    private final Map<Integer, LgdState> statesByCode = new LinkedHashMap<>();
    private final Map<String, LgdState> statesByIso = new LinkedHashMap<>();
    private final Map<Integer, LgdDistrict> districtsByCode = new LinkedHashMap<>();
    private final Map<Integer, List<LgdDistrict>> districtsByState = new LinkedHashMap<>();

    private LgdTables(String version, List<LgdState> states, List<LgdDistrict> districts) {
        this.version = version;
        states.stream().sorted(Comparator.comparingInt(LgdState::code)).forEach(this::addState);
        IsoStateCodes.aliases().forEach((alias, code) -> {
            if (statesByCode.containsKey(code)) {
                statesByIso.put(alias, statesByCode.get(code));
            }
        });
        districts.stream().sorted(Comparator.comparingInt(LgdDistrict::code)).forEach(this::addDistrict);
        districtsByState.replaceAll((state, list) -> List.copyOf(list));
    }

    /** The tables bundled with TipGate (version {@value #BUNDLED_VERSION}). */
    public static LgdTables bundled() {
        try (InputStream states = resource("lgd/states.csv"); InputStream districts = resource("lgd/districts.csv")) {
            return read(states, districts, BUNDLED_VERSION);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled LGD tables", e);
        }
    }

    /**
     * Tables in the layout of the LGD dump ({@code 1-state.csv}, {@code 2-district.csv}), for an
     * operator who loads a newer version than the bundled one.
     *
     * @throws IllegalArgumentException if a row is malformed, a code repeats, a district names an
     *     unknown state, or a state has no ISO 3166-2:IN code
     */
    public static LgdTables read(InputStream statesCsv, InputStream districtsCsv, String version) throws IOException {
        return new LgdTables(version, LgdCsv.states(rows(statesCsv)), LgdCsv.districts(rows(districtsCsv)));
    }

    /** A name for this version of the tables, e.g. {@code lgd-2022-03-11}. */
    public String version() {
        return version;
    }

    /** All states and union territories, by LGD code. */
    public List<LgdState> states() {
        return List.copyOf(statesByCode.values());
    }

    public Optional<LgdState> state(int lgdCode) {
        return Optional.ofNullable(statesByCode.get(lgdCode));
    }

    /** The state of a current ISO 3166-2:IN code or of a retired one (IN-OR, IN-CT, ...); case-insensitive. */
    public Optional<LgdState> stateByIso(String isoCode) {
        return Optional.ofNullable(statesByIso.get(isoCode.toUpperCase(Locale.ROOT)));
    }

    /** The districts of a state, by LGD code; empty for an unknown state. */
    public List<LgdDistrict> districts(int stateCode) {
        return districtsByState.getOrDefault(stateCode, List.of());
    }

    public Optional<LgdDistrict> district(int lgdCode) {
        return Optional.ofNullable(districtsByCode.get(lgdCode));
    }

    /** The district of a state with this LGD name, ignoring case (LGD mixes cases across versions). */
    public Optional<LgdDistrict> districtByName(int stateCode, String name) {
        return districts(stateCode).stream().filter(d -> d.name().equalsIgnoreCase(name.trim())).findFirst();
    }

    private void addState(LgdState state) {
        if (statesByCode.putIfAbsent(state.code(), state) != null) {
            throw new IllegalArgumentException("LGD state code " + state.code() + " appears twice");
        }
        statesByIso.put(state.iso(), state);
    }

    private void addDistrict(LgdDistrict district) {
        if (!statesByCode.containsKey(district.stateCode())) {
            throw new IllegalArgumentException("LGD district " + district.code() + " names unknown state " + district.stateCode());
        }
        if (districtsByCode.putIfAbsent(district.code(), district) != null) {
            throw new IllegalArgumentException("LGD district code " + district.code() + " appears twice");
        }
        districtsByState.computeIfAbsent(district.stateCode(), s -> new ArrayList<>()).add(district);
    }

    private static List<List<String>> rows(InputStream csv) throws IOException {
        return CsvRows.read(new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8)));
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = LgdTables.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("classpath resource " + name + " is missing");
        }
        return in;
    }
}
