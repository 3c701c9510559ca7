package org.tipgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project explains itself: every link in its Markdown (README.md, docs/ and the other READMEs)
 * points to a file of the project and, with an anchor, to a heading or an explicit anchor there; and
 * every page the code, the flows or the docs cite by name is in the project, with the section cited.
 */
class DocumentationLinksTests {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Set<String> NOT_THE_PROJECT = Set.of("target", "data", ".git", ".idea", "node_modules");
    /** Where the code, the flows and the build cite documents. */
    private static final List<String> CITING = List.of("README.md", "pom.xml", "docs", "src/main", "src/test/java",
            "routes", ".ci", "keys-example");
    private static final Set<String> TEXT = Set.of("md", "java", "yaml", "yml", "json", "sql", "xml", "properties", "txt",
            "sh", "");
    /** A Markdown file named in text: a path or a bare name, and an anchor. */
    private static final Pattern CITATION =
            Pattern.compile("(?<![\\w./:-])((?:\\.{1,2}/|[\\w-]+/)*[\\w-]+\\.md)(#[\\w-]+)?(?![\\w/])");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:|^//");
    private static final Path SELF = Path.of("src/test/java/org/tipgate/DocumentationLinksTests.java");

    private final Map<Path, Set<String>> anchorsOf = new HashMap<>();

    @Test
    void everyRelativeLinkInTheMarkdownPointsToAFileOfTheProject() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : markdownPages()) {
            for (MarkdownPage.Link link : MarkdownPage.read(page).links()) {
                String target = link.target();
                if (SCHEME.matcher(target).find() || target.startsWith("#") || target.isEmpty()) {
                    continue;
                }
                String path = decoded(target.contains("#") ? target.substring(0, target.indexOf('#')) : target);
                Path resolved = (path.startsWith("/") ? ROOT.resolve(path.substring(1)) : page.getParent().resolve(path))
                        .normalize();
                if (!resolved.startsWith(ROOT)) {
                    broken.add(where(page, link.line()) + target + " points outside the project");
                } else if (!Files.exists(resolved)) {
                    broken.add(where(page, link.line()) + target + " points to no file");
                }
            }
        }

        assertThat(broken).as("links that point nowhere in the project").isEmpty();
    }

    @Test
    void everyAnchorInTheMarkdownMatchesAHeadingOrAnExplicitAnchor() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : markdownPages()) {
            for (MarkdownPage.Link link : MarkdownPage.read(page).links()) {
                String target = link.target();
                int hash = target.indexOf('#');
                if (SCHEME.matcher(target).find() || hash < 0) {
                    continue;
                }
                Path file = hash == 0 ? page : page.getParent().resolve(decoded(target.substring(0, hash))).normalize();
                String anchor = decoded(target.substring(hash + 1));
                if (file.startsWith(ROOT) && Files.isRegularFile(file) && file.toString().endsWith(".md")
                        && !anchors(file).contains(anchor)) {
                    broken.add(where(page, link.line()) + target + ": " + relative(file) + " has no heading or anchor #"
                            + anchor);
                }
            }
        }

        assertThat(broken).as("anchors that match no heading").isEmpty();
    }

    @Test
    void everyDocumentCitedByNameIsInTheProjectWithTheSectionCited() throws IOException {
        Map<String, List<Path>> byName = new HashMap<>();
        projectFiles(ROOT).forEach(f -> byName.computeIfAbsent(f.getFileName().toString(), n -> new ArrayList<>()).add(f));
        List<String> broken = new ArrayList<>();
        for (Path file : citingFiles()) {
            String[] lines = Files.readString(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = CITATION.matcher(lines[i]);
                while (m.find()) {
                    String cited = m.group(1);
                    Optional<Path> found = cited.contains("/")
                            ? Stream.of(ROOT.resolve(cited), file.getParent().resolve(cited)).map(Path::normalize)
                                    .filter(p -> p.startsWith(ROOT) && Files.exists(p)).findFirst()
                            : Stream.of(file.getParent().resolve(cited), ROOT.resolve("docs").resolve(cited),
                                    ROOT.resolve(cited)).filter(Files::exists).findFirst()
                                    .or(() -> byName.getOrDefault(cited, List.of()).stream().findFirst());
                    if (found.isEmpty()) {
                        broken.add(where(file, i + 1) + cited + " is not in the project");
                    } else if (m.group(2) != null && !anchors(found.get()).contains(m.group(2).substring(1))) {
                        broken.add(where(file, i + 1) + cited + m.group(2) + ": " + relative(found.get())
                                + " has no such heading or anchor");
                    }
                }
            }
        }

        assertThat(broken).as("documents cited that are not in the project").isEmpty();
    }

    @Test
    void nothingPointsOutsideTheProjectToSharedFiles() throws IOException {
        List<String> outside = new ArrayList<>();
        for (Path file : citingFiles()) {
            String[] lines = Files.readString(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains("../shared")) {
                    outside.add(where(file, i + 1) + lines[i].strip());
                }
            }
        }

        assertThat(outside).isEmpty();
    }

    @Test
    void anchorsAreTheSlugsGitHubMakes() {
        assertThat(MarkdownPage.slug("2. Feed (sender -> TipGate)")).isEqualTo("2-feed-sender---tipgate");
        assertThat(MarkdownPage.slug("Custody reports (`GET /api/v1/audit/custody/{tipId}`)"))
                .isEqualTo("custody-reports-get-apiv1auditcustodytipid");
        assertThat(MarkdownPage.slug("A sender's own SFTP outbox")).isEqualTo("a-senders-own-sftp-outbox");
        assertThat(MarkdownPage.slug("Authentication: mutual TLS, and the agency directory"))
                .isEqualTo("authentication-mutual-tls-and-the-agency-directory");
        assertThat(MarkdownPage.slug("[Links](x.md) and_underscores")).isEqualTo("links-and_underscores");
        assertThat(MarkdownPage.of("# Notes\n## Notes\n## Notes\n<a id=\"kept\"></a>\n").anchors())
                .containsExactly("notes", "notes-1", "notes-2", "kept");
    }

    @Test
    void linksInCodeAndCommentsAreNotLinks() {
        String page = """
                Read [the design](design.md#1-parties) and `[not](a-link.md)`.

                    [indented](code.md)

                ```
                [fenced](code.md)
                ```
                <!-- [commented](out.md) -->
                [defined]: other.md
                """;

        assertThat(MarkdownPage.of(page).links()).containsExactly(new MarkdownPage.Link(1, "design.md#1-parties"),
                new MarkdownPage.Link(9, "other.md"));
    }

    private Set<String> anchors(Path file) {
        return anchorsOf.computeIfAbsent(file, f -> {
            try {
                return f.toString().endsWith(".md") ? MarkdownPage.read(f).anchors() : Set.of();
            } catch (IOException e) {
                throw new AssertionError("cannot read " + f, e);
            }
        });
    }

    private static List<Path> markdownPages() throws IOException {
        List<Path> pages = projectFiles(ROOT).filter(f -> f.toString().endsWith(".md")).sorted().toList();
        assertThat(pages).contains(ROOT.resolve("README.md"), ROOT.resolve("docs/formats.md"));
        return pages;
    }

    private static List<Path> citingFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String place : CITING) {
            Path path = ROOT.resolve(place);
            if (Files.isDirectory(path)) {
                projectFiles(path).filter(f -> TEXT.contains(extension(f))).forEach(files::add);
            } else if (Files.exists(path)) {
                files.add(path);
            }
        }
        files.remove(ROOT.resolve(SELF));
        return files;
    }

    /** The files under {@code from}, leaving out build output, the gateway's data and version control. */
    private static Stream<Path> projectFiles(Path from) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return dir.getParent() != null && dir.getParent().equals(ROOT)
                        && NOT_THE_PROJECT.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files.stream();
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1);
    }

    private static String decoded(String path) {
        return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String where(Path file, int line) {
        return relative(file) + ":" + line + ": ";
    }

    private static String relative(Path file) {
        return ROOT.relativize(file).toString();
    }
}
