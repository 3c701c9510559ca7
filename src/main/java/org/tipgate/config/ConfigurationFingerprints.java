package org.tipgate.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.crypto.Digests;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;

/**
 * At start-up (after the migrations: it uses the database), puts on record what the gateway runs
 * with when it differs from what it last recorded in {@code audit_settings}: the SHA-256 of the
 * agency directory file (DIRECTORY_CHANGED), and the fingerprints of the gateway's certificate and
 * of the trust anchors (KEY_CHANGED). The events and the new values commit together; on the very
 * first start the previous values are {@value #NONE}.
 */
@Component
class ConfigurationFingerprints implements InitializingBean {

    static final String NONE = "none";
    static final String DIRECTORY = "directory.sha256";
    static final String GATEWAY_CERT = "gateway.cert.sha256";
    static final String TRUST_ANCHORS = "trust.anchors.sha256";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationFingerprints.class);

    private final Path directoryFile;
    private final AgencyDirectory directory;
    private final X509Certificate gatewayCert;
    private final JdbcTemplate jdbc;
    private final EventLog events;
    private final TransactionTemplate tx;

    @Autowired
    ConfigurationFingerprints(TipGateProperties properties, AgencyDirectory directory,
                              GatewayKeysConfiguration.GatewayCredentials gateway, JdbcTemplate jdbc, EventLog events,
                              TransactionTemplate tx) {
        this(properties.directoryFile(), directory, gateway.cert(), jdbc, events, tx);
    }

    /** @param directoryFile the file {@code directory} was loaded from */
    ConfigurationFingerprints(Path directoryFile, AgencyDirectory directory, X509Certificate gatewayCert,
                              JdbcTemplate jdbc, EventLog events, TransactionTemplate tx) {
        this.directoryFile = directoryFile;
        this.directory = directory;
        this.gatewayCert = gatewayCert;
        this.jdbc = jdbc;
        this.events = events;
        this.tx = tx;
    }

    @Override
    public void afterPropertiesSet() {
        String directorySha256;
        try {
            directorySha256 = Digests.sha256Hex(directoryFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agency directory " + directoryFile, e);
        }
        String gatewayCert = Digests.sha256Hex(this.gatewayCert);
        List<String> trustAnchors = directory.trust().stream().map(Digests::sha256Hex).sorted().distinct().toList();
        try {
            record(directorySha256, gatewayCert, trustAnchors);
        } catch (DuplicateKeyException e) {
            // Another node starting at the same moment recorded first; compare again with what it recorded.
            record(directorySha256, gatewayCert, trustAnchors);
        }
    }

    private void record(String directorySha256, String gatewayCert, List<String> trustAnchors) {
        String anchors = String.join(",", trustAnchors);
        tx.executeWithoutResult(status -> {
            Map<String, String> last = recorded();
            String previousDirectory = last.get(DIRECTORY);
            if (!directorySha256.equals(previousDirectory)) {
                events.append(new Event(EventType.DIRECTORY_CHANGED, Event.SYSTEM, null, null, null, null, "CHANGED",
                        Map.of("sha256", directorySha256, "previous", orNone(previousDirectory),
                                "agencies", directory.agencies().size())));
                put(DIRECTORY, directorySha256, previousDirectory != null);
                LOG.info("Agency directory {} differs from the one last recorded ({}): DIRECTORY_CHANGED",
                        directorySha256, orNone(previousDirectory));
            }
            String previousCert = last.get(GATEWAY_CERT);
            String previousAnchors = last.get(TRUST_ANCHORS);
            if (!gatewayCert.equals(previousCert) || !anchors.equals(previousAnchors)) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("gatewayCert", gatewayCert);
                detail.put("previousGatewayCert", orNone(previousCert));
                detail.put("trustAnchors", trustAnchors);
                detail.put("previousTrustAnchors", previousAnchors == null ? NONE
                        : previousAnchors.isEmpty() ? List.of() : List.of(previousAnchors.split(",")));
                events.append(new Event(EventType.KEY_CHANGED, Event.SYSTEM, null, null, null, null, "CHANGED", detail));
                put(GATEWAY_CERT, gatewayCert, previousCert != null);
                put(TRUST_ANCHORS, anchors, previousAnchors != null);
                LOG.info("Gateway certificate or trust anchors differ from those last recorded: KEY_CHANGED");
            }
        });
    }

    private Map<String, String> recorded() {
        Map<String, String> values = new HashMap<>();
        jdbc.query("SELECT name, setting_value FROM audit_settings WHERE name IN (?, ?, ?) FOR UPDATE",
                (RowCallbackHandler) rs -> values.put(rs.getString(1), rs.getString(2)),
                DIRECTORY, GATEWAY_CERT, TRUST_ANCHORS);
        return values;
    }

    private void put(String name, String value, boolean exists) {
        if (exists) {
            jdbc.update("UPDATE audit_settings SET setting_value = ? WHERE name = ?", value, name);
        } else {
            jdbc.update("INSERT INTO audit_settings (name, setting_value) VALUES (?, ?)", name, value);
        }
    }

    private static String orNone(String value) {
        return value == null ? NONE : value;
    }
}
