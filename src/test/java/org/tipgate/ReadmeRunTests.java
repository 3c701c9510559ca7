package org.tipgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .ci/run-readme}, which runs the README in CI, on small READMEs of its own: the blocks run in
 * order until the first command that fails, the directives do what they say, and the project's own
 * README is one it can run.
 */
class ReadmeRunTests {

    private static final Path RUNNER = Path.of(".ci/run-readme").toAbsolutePath();

    @TempDir
    Path project;
    @TempDir
    Path marks;
    @TempDir
    Path scratch;

    @Test
    void runsTheShellBlocksInOrderAndStopsAtTheFirstCommandThatFails() throws Exception {
        readme("""
                # Try it

                    echo one >> "$MARKS/ran"

                <!-- readme-run: skip -->

                    echo skipped >> "$MARKS/ran"

                ```json
                {"not": "shell"}
                ```

                ```bash
                echo two >> "$MARKS/ran"
                false
                echo three >> "$MARKS/ran"
                ```
                """);

        Run run = run("README.md");

        assertThat(run.status()).isNotZero();
        assertThat(run.output()).contains("README.md:15 failed (exit 1): false");
        assertThat(Files.readAllLines(marks.resolve("ran"))).containsExactly("one", "two");
    }

    @Test
    void runsInACopyOfTheProjectWithoutWhatGitIgnores() throws Exception {
        Files.writeString(project.resolve(".gitignore"), "data/\n");
        Files.createDirectories(project.resolve("data"));
        Files.writeString(project.resolve("data/left-over"), "from an earlier run");
        Files.writeString(project.resolve("kept.txt"), "part of the project");
        readme("""
                    pwd > "$MARKS/where"
                    ls -A > "$MARKS/files"
                """);

        Run run = run("README.md");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(Files.readString(marks.resolve("where")).strip()).isNotEqualTo(project.toRealPath().toString());
        assertThat(Files.readAllLines(marks.resolve("files"))).contains("README.md", "kept.txt", ".gitignore")
                .doesNotContain("data");
    }

    @Test
    void startsABackgroundBlockGoesOnOnceItIsReadyAndStopsItAtTheEnd() throws Exception {
        readme("""
                <!-- readme-run: background until test -e "$MARKS/ready" -->

                    trap 'echo stopped > "$MARKS/server"; exit 0' TERM
                    sleep 1; touch "$MARKS/ready"
                    while true; do sleep 0.2; done

                <!-- readme-run: until test -e "$MARKS/ready" -->

                    echo after > "$MARKS/after"
                """);

        Run run = run("README.md");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(marks.resolve("after")).exists();
        assertThat(Files.readString(marks.resolve("server")).strip()).isEqualTo("stopped");
    }

    @Test
    void failsWhenTheBackgroundBlockEndsBeforeItIsReady() throws Exception {
        readme("""
                <!-- readme-run: background until test -e "$MARKS/ready" -->

                    echo port in use; exit 2

                Then:

                    echo never > "$MARKS/after"
                """);

        Run run = run("README.md");

        assertThat(run.status()).isNotZero();
        assertThat(run.output()).contains("the background block README.md:3 ended").contains("port in use");
        assertThat(marks.resolve("after")).doesNotExist();
    }

    @Test
    void refusesToStartWhenSomethingAlreadyAnswersWhereTheBackgroundBlockWould() throws Exception {
        Files.writeString(marks.resolve("ready"), "another server");
        readme("""
                <!-- readme-run: background until test -e "$MARKS/ready" -->

                    touch "$MARKS/started"
                """);

        Run run = run("README.md");

        assertThat(run.status()).isNotZero();
        assertThat(run.output()).contains("something else is running");
        assertThat(marks.resolve("started")).doesNotExist();
    }

    @Test
    void refusesADirectiveItDoesNotKnow() throws Exception {
        readme("""
                <!-- readme-run: later -->

                    true
                """);

        Run run = run("README.md");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.output()).contains("README.md:1: unknown readme-run directive: later");
    }

    @Test
    void theProjectReadmeIsOneItCanRun() throws Exception {
        Run run = command(List.of("bash", RUNNER.toString(), "--print", Path.of("README.md").toAbsolutePath().toString()));

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).as("the gateway started in the background, the test command shown, not run")
                .contains("__readme_background ").contains("(not run: readme-run skip)")
                .doesNotContain("\nbash .ci/run\n");
    }

    private void readme(String text) throws Exception {
        Files.writeString(project.resolve("README.md"), text);
        assertThat(command(List.of("git", "init", "-q", project.toString())).status()).isZero();
    }

    private Run run(String file) throws Exception {
        return command(List.of("bash", RUNNER.toString(), project.resolve(file).toString()));
    }

    private Run command(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MARKS", marks.toString());
        builder.environment().put("README_RUN_WAIT", "60");
        builder.environment().put("TMPDIR", scratch.toString());
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Run(int status, String output) {
    }
}
