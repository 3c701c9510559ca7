package org.tipgate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown file as GitHub shows it, for what the link checks need: the links in its prose (not in
 * code blocks, code spans or HTML comments), and the anchors it offers: its headings, slugged as
 * GitHub does, and explicit {@code id} or {@code name} attributes.
 */
final class MarkdownPage {

    /** A link destination as written, and the line it is on. */
    record Link(int line, String target) {
    }

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern INDENTED = Pattern.compile("^( {4}|\\t)");
    private static final Pattern LIST_ITEM = Pattern.compile("^ {0,3}([-*+]|\\d{1,9}[.)])[ \\t]");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern INLINE_LINK = Pattern.compile(
            "\\[(?:[^\\[\\]\\n]|\\[[^\\]\\n]*\\])*\\]\\(\\s*<?([^\\s()<>]*)>?(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");
    private static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]\\n]+\\]:[ \\t]*<?([^\\s>]+)>?");
    private static final Pattern HREF = Pattern.compile("<a\\s[^>]*?href=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXPLICIT_ANCHOR =
            Pattern.compile("<[a-zA-Z][^>]*?\\s(?:id|name)=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);

    private final String prose;
    private final Set<String> anchors = new LinkedHashSet<>();

    private MarkdownPage(String text) {
        StringBuilder kept = new StringBuilder();
        Map<String, Integer> slugs = new HashMap<>();
        String fence = null;
        boolean afterBlank = true;
        boolean inIndentedCode = false;
        boolean inList = false;
        for (String line : text.split("\n", -1)) {
            boolean blank = line.isBlank();
            Matcher fenceMark = FENCE.matcher(line);
            if (fence != null) {
                if (fenceMark.find() && fenceMark.group(1).charAt(0) == fence.charAt(0)
                        && fenceMark.group(1).length() >= fence.length() && line.substring(fenceMark.end()).isBlank()) {
                    fence = null;
                }
                kept.append('\n');
                continue;
            }
            if (fenceMark.find()) {
                fence = fenceMark.group(1);
                kept.append('\n');
                continue;
            }
            inIndentedCode = INDENTED.matcher(line).find() && !inList && (afterBlank || inIndentedCode)
                    || blank && inIndentedCode;
            if (inIndentedCode) {
                kept.append('\n');
                afterBlank = blank;
                continue;
            }
            if (LIST_ITEM.matcher(line).find()) {
                inList = true;
            } else if (!blank && !Character.isWhitespace(line.charAt(0))) {
                inList = false;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1) == null ? "" : heading.group(1));
                int seen = slugs.merge(slug, 1, Integer::sum) - 1;
                anchors.add(seen == 0 ? slug : slug + "-" + seen);
            }
            kept.append(line).append('\n');
            afterBlank = blank;
        }
        this.prose = withoutCodeSpans(blankedOut(kept.toString(), COMMENT));
        Matcher explicit = EXPLICIT_ANCHOR.matcher(prose);
        while (explicit.find()) {
            anchors.add(explicit.group(1));
        }
    }

    static MarkdownPage read(Path file) throws IOException {
        return new MarkdownPage(Files.readString(file).replace("\r\n", "\n"));
    }

    static MarkdownPage of(String text) {
        return new MarkdownPage(text);
    }

    /** Every link destination in the prose: inline links and images, reference definitions, HTML hrefs. */
    List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (Pattern pattern : List.of(INLINE_LINK, REFERENCE, HREF)) {
            Matcher m = pattern.matcher(prose);
            while (m.find()) {
                links.add(new Link(lineOf(m.start()), m.group(1)));
            }
        }
        links.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return links;
    }

    Set<String> anchors() {
        return anchors;
    }

    /**
     * GitHub's heading anchors (github-slugger): the heading's text as shown (code spans, links and
     * HTML reduced to their text), lower case, every character that is not a letter, digit, mark,
     * hyphen, underscore or space removed, and each space made a hyphen.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("<[^>]+>", "").strip();
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (c == '-' || c == '_' || Character.isLetterOrDigit(c) || isMark(c)) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }

    private static boolean isMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private int lineOf(int offset) {
        return (int) prose.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    /** Replaces what the pattern matches with spaces, keeping line breaks so that lines still count. */
    private static String blankedOut(String text, Pattern pattern) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder(text);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) {
                if (out.charAt(i) != '\n') {
                    out.setCharAt(i, ' ');
                }
            }
        }
        return out.toString();
    }

    /** A code span is a run of backticks, its content, and a run of as many (within one paragraph). */
    private static String withoutCodeSpans(String text) {
        StringBuilder out = new StringBuilder(text);
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '`') {
                i++;
                continue;
            }
            int run = i;
            while (run < text.length() && text.charAt(run) == '`') {
                run++;
            }
            String ticks = text.substring(i, run);
            int close = closingRun(text, run, ticks);
            if (close < 0) {
                i = run;
                continue;
            }
            for (int j = i; j < close + ticks.length(); j++) {
                if (out.charAt(j) != '\n') {
                    out.setCharAt(j, ' ');
                }
            }
            i = close + ticks.length();
        }
        return out.toString();
    }

    private static int closingRun(String text, int from, String ticks) {
        int paragraphEnd = text.indexOf("\n\n", from);
        int end = paragraphEnd < 0 ? text.length() : paragraphEnd;
        for (int at = text.indexOf(ticks, from); at >= 0 && at < end; at = text.indexOf(ticks, at + 1)) {
            boolean exact = (at + ticks.length() >= text.length() || text.charAt(at + ticks.length()) != '`')
                    && text.charAt(at - 1) != '`';
            if (exact) {
                return at;
            }
        }
        return -1;
    }
}
