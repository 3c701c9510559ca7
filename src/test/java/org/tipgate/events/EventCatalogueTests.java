package org.tipgate.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/audit-events.md describes every event type, and its version table lists each one. */
class EventCatalogueTests {

    @Test
    void everyEventTypeHasARowAndIsInTheVersionTable() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("docs/audit-events.md"));
        String versions = lines.stream().filter(l -> l.startsWith("| 1 |")).findFirst().orElseThrow();
        for (EventType type : EventType.values()) {
            String name = "`" + type.name() + "`";
            assertThat(lines).as(type.name()).anyMatch(l -> l.startsWith("| " + name));
            assertThat(versions).as(type.name()).contains(name);
        }
        assertThat(versions).contains("all " + EventType.values().length + " types");
    }
}
