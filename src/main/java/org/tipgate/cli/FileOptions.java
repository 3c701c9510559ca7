package org.tipgate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * What a file option must name, checked when the command line is read, so that a wrong path is one
 * line naming the option and the file (exit 2) before any work is done: not a stack trace, not an
 * "Is a directory" without a name, not a half-written {@code .partial} file.
 */
final class FileOptions {

    private FileOptions() {
    }

    /** A file the command reads: it exists, is not a directory, and can be read. */
    static final class Input implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path file = Path.of(value);
            if (!Files.exists(file)) {
                throw new TypeConversionException("no such file: " + value);
            }
            if (Files.isDirectory(file)) {
                throw new TypeConversionException(value + " is a directory, not a file");
            }
            if (!Files.isReadable(file)) {
                throw new TypeConversionException(value + " cannot be read (permission denied)");
            }
            return file;
        }
    }

    /** A file the command writes (replacing one of that name): its folder exists and is writable. */
    static final class Output implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path file = Path.of(value);
            if (Files.isDirectory(file)) {
                throw new TypeConversionException(value + " is a directory; give the name of a file to write");
            }
            Path folder = file.toAbsolutePath().getParent();
            if (folder == null || !Files.isDirectory(folder)) {
                throw new TypeConversionException("no such directory: " + folderOf(value) + " (for " + value + ")");
            }
            if (!Files.isWritable(folder)) {
                throw new TypeConversionException("cannot write in " + folderOf(value) + " (permission denied)");
            }
            return file;
        }

        private static String folderOf(String value) {
            Path parent = Path.of(value).getParent();
            return parent == null ? "." : parent.toString();
        }
    }

    /** A directory the command writes into, made if absent: nothing else of that name is in the way. */
    static final class OutputDirectory implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path dir = Path.of(value);
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new TypeConversionException(value + " is a file, not a directory");
            }
            return dir;
        }
    }
}
