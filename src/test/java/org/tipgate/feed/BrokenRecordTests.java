package org.tipgate.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectionCode;

/** One fixture per way a record can be broken: each one a copy of the documented example with one fault. */
class BrokenRecordTests {

    @Test
    void acceptsTheUnbrokenExample() {
        Feeds.Read read = Feeds.read(Feeds.content(List.of(Feeds.line(Feeds.exampleRecord()))));
        assertThat(read.summary().accepted()).isEqualTo(1);
        assertThat(read.summary().rejections()).isEmpty();
    }

    @Test
    void rejectsRecordWithoutTipId() {
        assertThat(rejectionOf(r -> r.remove("tipId")).reason()).contains("$: required property 'tipId' not found");
    }

    @Test
    void rejectsRecordWithNonDigitTipIdAndDoesNotEchoIt() {
        Ack.Rejection rejection = rejectionOf(r -> r.put("tipId", "18740A213"));
        assertThat(rejection.reason()).contains("$.tipId: does not match the pattern");
        assertThat(rejection.tipId()).isNull();
    }

    @Test
    void rejectsTipIdWithATrailingLineBreak() {
        assertThat(rejectionOf(r -> r.put("tipId", "187402213\n")).reason()).contains("$.tipId");
    }

    @Test
    void rejectsTipIdGivenAsANumber() {
        assertThat(rejectionOf(r -> r.put("tipId", 187402213L)).reason()).contains("$.tipId: integer found, string expected");
    }

    @Test
    void rejectsRecordWithUnknownIncidentType() {
        assertThat(rejectionOf(r -> incident(r).put("type", "Child Abuse")).reason())
                .isEqualTo("$.incident.type: does not have a value in the enumeration");
    }

    @Test
    void rejectsIncidentTypeThatDiffersOnlyInCase() {
        assertThat(rejectionOf(r -> incident(r).put("type", "child sex trafficking")).reason()).contains("$.incident.type");
    }

    @Test
    void rejectsRecordWithoutIncidentDateTime() {
        assertThat(rejectionOf(r -> incident(r).remove("dateTime")).reason())
                .contains("$.incident: required property 'dateTime' not found");
    }

    @Test
    void rejectsReceivedAtThatIsNotRfc3339() {
        assertThat(rejectionOf(r -> r.put("receivedAt", "14/10/2025 08:31")).reason()).contains("$.receivedAt");
    }

    @Test
    void rejectsReceivedAtWithoutTimeZone() {
        assertThat(rejectionOf(r -> r.put("receivedAt", "2025-10-14T08:31:22")).reason()).contains("$.receivedAt");
    }

    @Test
    void rejectsReceivedAtOnADayThatDoesNotExist() {
        assertThat(rejectionOf(r -> r.put("receivedAt", "2025-02-31T08:31:22Z")).reason())
                .isEqualTo("$.receivedAt: is not a valid date-time");
    }

    @Test
    void rejectsFileWithoutFileViewedByEsp() {
        assertThat(rejectionOf(r -> file(r).remove("fileViewedByEsp")).reason())
                .contains("$.files[0]: required property 'fileViewedByEsp' not found");
    }

    @Test
    void rejectsFileViewedByEspGivenAsAString() {
        assertThat(rejectionOf(r -> file(r).put("fileViewedByEsp", "yes")).reason()).contains("$.files[0].fileViewedByEsp");
    }

    @Test
    void rejectsIpv4AddressWithAnOctetAbove255() {
        assertThat(rejectionOf(r -> capture(r).put("ipAddress", "203.0.113.256")).reason())
                .isEqualTo("$.ipCaptures[0].ipAddress: is not a valid IPv4 or IPv6 address");
    }

    @Test
    void rejectsMalformedIpv6Address() {
        assertThat(rejectionOf(r -> capture(r).put("ipAddress", "2001:db8::1::2")).reason())
                .isEqualTo("$.ipCaptures[0].ipAddress: is not a valid IPv4 or IPv6 address");
    }

    @Test
    void rejectsIpCaptureWithoutAddress() {
        assertThat(rejectionOf(r -> capture(r).remove("ipAddress")).reason())
                .contains("$.ipCaptures[0]: required property 'ipAddress' not found");
    }

    @Test
    void rejectsPortAbove65535() {
        assertThat(rejectionOf(r -> capture(r).put("port", 65536)).reason()).contains("$.ipCaptures[0].port");
    }

    @Test
    void rejectsUnknownTopLevelProperty() {
        assertThat(rejectionOf(r -> r.put("notes", "x")).reason())
                .isEqualTo("$: property 'notes' is not defined in the schema");
    }

    @Test
    void rejectsMisspeltNestedProperty() {
        assertThat(rejectionOf(r -> file(r).put("fileViewdByEsp", true)).reason())
                .contains("$.files[0]: property 'fileViewdByEsp' is not defined in the schema");
    }

    @Test
    void rejectsFileContentCarriedInARecord() {
        assertThat(rejectionOf(r -> file(r).put("content", "/9j/4AAQSkZJRgABAQ==")).reason())
                .contains("$.files[0]: property 'content' is not defined in the schema");
    }

    @Test
    void rejectsPriorityOutsideTheFourLevels() {
        assertThat(rejectionOf(r -> r.put("priority", "4")).reason())
                .isEqualTo("$.priority: does not have a value in the enumeration");
    }

    @Test
    void rejectsPriorityGivenAsANumber() {
        assertThat(rejectionOf(r -> r.put("priority", 1)).reason()).contains("$.priority");
    }

    @Test
    void rejectsUnknownDisposition() {
        assertThat(rejectionOf(r -> r.put("disposition", "ACTIONABLE")).reason()).contains("$.disposition");
    }

    @Test
    void rejectsOtherSchemaVersion() {
        assertThat(rejectionOf(r -> r.put("schemaVersion", "2")).reason())
                .isEqualTo("$.schemaVersion: must be the constant value '1'");
    }

    @Test
    void rejectsRecordWithoutReporterEspName() {
        assertThat(rejectionOf(r -> ((ObjectNode) r.get("reporter")).remove("espName")).reason())
                .contains("$.reporter: required property 'espName' not found");
    }

    @Test
    void rejectsSha256OfTheWrongLength() {
        assertThat(rejectionOf(r -> hash(r).put("value", "9f2d0c7b")).reason())
                .isEqualTo("$.files[0].hashes[0].value: does not match the pattern of the schema");
    }

    @Test
    void rejectsUnknownHashType() {
        assertThat(rejectionOf(r -> hash(r).put("hashType", "CRC32")).reason()).contains("$.files[0].hashes[0].hashType");
    }

    @Test
    void rejectsUnknownPersonRole() {
        assertThat(rejectionOf(r -> ((ObjectNode) r.get("persons").get(0)).put("role", "WITNESS")).reason())
                .contains("$.persons[0].role");
    }

    @Test
    void rejectsCountryCodeThatIsNotAlpha2() {
        assertThat(rejectionOf(r -> ((ObjectNode) r.get("geo").get(0)).put("countryCode", "IND")).reason())
                .contains("$.geo[0].countryCode");
    }

    @Test
    void rejectsRoutingThatNamesNoState() {
        Ack.Rejection rejection = rejectionOf(r -> routing(r).remove(List.of("stateIso", "stateLgd")));
        assertThat(rejection.reason()).contains("$.routing: required property 'stateIso' not found");
    }

    @Test
    void rejectsStateLgdGivenAsAString() {
        assertThat(rejectionOf(r -> routing(r).put("stateLgd", "23")).reason()).contains("$.routing.stateLgd: string found");
    }

    @Test
    void rejectsStateIsoOfAnotherCountry() {
        assertThat(rejectionOf(r -> routing(r).put("stateIso", "US-CA")).reason()).contains("$.routing.stateIso");
    }

    @Test
    void rejectsConfidenceAboveOne() {
        assertThat(rejectionOf(r -> routing(r).put("confidence", 1.5)).reason()).contains("$.routing.confidence");
    }

    @Test
    void rejectsLineThatIsAnArrayInsteadOfARecord() {
        Feeds.Read read = Feeds.read(Feeds.content(List.of("[1,2]")));
        assertThat(read.summary().rejections()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(RejectionCode.RECORD_INVALID);
            assertThat(r.reason()).isEqualTo("$: array found, object expected");
        });
    }

    @Test
    void namesPathsButNeverTheValuesOfPersonalData() {
        Ack.Rejection rejection = rejectionOf(r -> {
            ObjectNode person = (ObjectNode) r.get("persons").get(0);
            person.putArray("emails").add("priya sharma at example dot invalid");
            person.putArray("phones").add("call priya");
        });
        assertThat(rejection.reason()).contains("$.persons[0].emails[0]", "$.persons[0].phones[0]")
                .doesNotContain("priya");
    }

    @Test
    void reportsTheFirstThreeProblemsAndCountsTheRest() {
        Ack.Rejection rejection = rejectionOf(r -> {
            r.put("priority", "9");
            r.put("disposition", "MAYBE");
            r.put("receivedAt", "yesterday");
            r.put("a", 1);
            r.put("b", 2);
        });
        assertThat(rejection.reason().split("; ")).hasSize(3);
        assertThat(rejection.reason()).endsWith(" more)");
    }

    /** The example, broken by {@code fault}, sent as a one-record feed: must come back as RECORD_INVALID. */
    private static Ack.Rejection rejectionOf(Consumer<ObjectNode> fault) {
        ObjectNode record = Feeds.exampleRecord();
        fault.accept(record);
        Feeds.Read read = Feeds.read(Feeds.content(List.of(Feeds.line(record))));
        assertThat(read.summary().rejectedAsWhole()).isFalse();
        assertThat(read.summary().accepted()).isZero();
        assertThat(read.listener().accepted).isEmpty();
        assertThat(read.summary().rejections()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(RejectionCode.RECORD_INVALID);
            assertThat(r.line()).isEqualTo(2L);
        });
        return read.summary().rejections().get(0);
    }

    private static ObjectNode incident(ObjectNode record) {
        return (ObjectNode) record.get("incident");
    }

    private static ObjectNode file(ObjectNode record) {
        return (ObjectNode) record.get("files").get(0);
    }

    private static ObjectNode hash(ObjectNode record) {
        return (ObjectNode) file(record).get("hashes").get(0);
    }

    private static ObjectNode capture(ObjectNode record) {
        return (ObjectNode) record.get("ipCaptures").get(0);
    }

    private static ObjectNode routing(ObjectNode record) {
        return (ObjectNode) record.get("routing");
    }
}
