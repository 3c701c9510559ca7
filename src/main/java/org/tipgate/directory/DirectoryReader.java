package org.tipgate.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads {@code agencies.yaml} strictly: an unknown key or a wrong type is a finding with its line,
 * not something silently ignored (a misspelt {@code endpoints} would leave an agency without one).
 */
final class DirectoryReader {

    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private DirectoryReader() {
    }

    static DirectoryFile read(Path file) throws DirectoryException {
        try {
            DirectoryFile directory = YAML.readValue(Files.readAllBytes(file), DirectoryFile.class);
            if (directory == null) {
                throw new DirectoryException(file.toString(), List.of("(file): empty"));
            }
            return directory;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new DirectoryException(file.toString(), List.of("(file)" + where + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new DirectoryException(file.toString(), List.of("(file): cannot read: " + FileProblem.of(file, e)));
        }
    }
}
