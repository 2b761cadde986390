package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemCommandTest {
    private static final String TRAINED = """
            dim batch = 8, features = 16, hidden = 32
            input x: f32[batch, features]
            input y: f32[batch, 1]
            param w1: f32[features, hidden] = xavier
            param w2: f32[hidden, 1] = xavier
            h = relu(x @ w1)
            loss = mse(h @ w2, y)
            output loss
            train loss with sgd(lr=0.1)
            """;

    private static final String[] KEYS = {"persistent_bytes", "naive_bytes", "lower_bound_bytes", "arena_bytes",
            "peak_bytes", "baseline_peak_bytes", "flops", "recompute_flops"};

    @TempDir
    Path dir;

    private String write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text).toString();
    }

    private static long key(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (\\d+)").matcher(json);
        assertTrue(m.find(), () -> "no integer key " + key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void aTrainedNetGetsTheTrainingPipelineAndATable() throws IOException {
        Cli.Result r = Cli.run("mem", write("net.dsl", TRAINED));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("memory of @net: "), r::toString);
        assertTrue(r.out().contains("pipeline autodiff,dne,fuse,recompute,schedule,plan-buffers\n"), r::toString);
        for (String row : new String[] {"persistent", "naive", "lower bound", "arena", "peak", "baseline peak", "flops"}) {
            assertTrue(r.out().contains("\n  " + row + " "), () -> "no row " + row + "\n" + r);
        }
        assertTrue(r.out().contains("  (lowered) "), r::toString);
        assertTrue(r.out().contains("  plan-buffers "), r::toString);
        assertTrue(r.out().contains("largest values live at the peak"), r::toString);
        assertTrue(r.out().contains("line 6: h = relu(x @ w1)"), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void jsonHasTheIntegerFigures() throws IOException {
        Cli.Result r = Cli.run("mem", write("net.dsl", TRAINED), "--json");
        assertEquals(0, r.exitCode(), r::toString);
        for (String k : KEYS) key(r.out(), k);
        assertEquals(key(r.out(), "persistent_bytes") + key(r.out(), "arena_bytes"), key(r.out(), "peak_bytes"));
        assertTrue(key(r.out(), "arena_bytes") >= key(r.out(), "lower_bound_bytes"));
        assertTrue(key(r.out(), "naive_bytes") >= key(r.out(), "arena_bytes"));
        assertTrue(key(r.out(), "recompute_flops") <= key(r.out(), "flops"));
        assertTrue(r.out().startsWith("{") && r.out().endsWith("}\n"), r::toString);
    }

    @Test
    void aNetWithoutTrainClauseIsPlannedForInference() throws IOException {
        Cli.Result r = Cli.run("mem", write("tiny.dsl", CompileCommandTest.TINY), "--json");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("\"pipeline\": \"dne,fuse,schedule,plan-buffers\""), r::toString);
    }

    @Test
    void htmlIsOneSelfContainedPage() throws IOException {
        Path page = dir.resolve("out").resolve("report.html");
        Cli.Result r = Cli.run("mem", write("net.dsl", TRAINED), "--html", page.toString());
        assertEquals(0, r.exitCode(), r::toString);
        String html = Files.readString(page);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("<svg") && html.contains("class=\"peak\"") && html.contains("<script>"), html);
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains(" src="), "the page must need no network");
        assertTrue(r.out().startsWith("memory of @net: "), "the table still goes to standard output");
    }

    @Test
    void badPipelinesAreUserErrors() throws IOException {
        String net = write("net.dsl", TRAINED);
        Cli.Result unknown = Cli.run("mem", net, "--pipeline", "dne,shedule,plan-buffers");
        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().startsWith("pipeline, column 5: error: unknown pass 'shedule'"), unknown::toString);
        Cli.Result malformed = Cli.run("mem", net, "--pipeline", "dne,,plan-buffers");
        assertEquals(1, malformed.exitCode(), malformed::toString);
        Cli.Result unplanned = Cli.run("mem", net, "--pipeline", "autodiff,dne");
        assertEquals(1, unplanned.exitCode(), unplanned::toString);
        assertEquals("nnc: error: the pipeline 'autodiff,dne' leaves the graph without a buffer plan; "
                + "end it with plan-buffers, e.g. --pipeline autodiff,dne,plan-buffers\n", unplanned.err());
        for (Cli.Result r : new Cli.Result[] {unknown, malformed, unplanned}) assertFalse(r.err().contains("\tat "), r::toString);
    }

    @Test
    void aGivenPipelineIsUsedAsIs() throws IOException {
        Cli.Result r = Cli.run("mem", write("net.dsl", TRAINED), "--pipeline", "plan-buffers", "--json");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("\"pipeline\": \"plan-buffers\""), r::toString);
    }

    @Test
    void htmlIntoADirectoryIsAUserError() throws IOException {
        Cli.Result r = Cli.run("mem", write("net.dsl", TRAINED), "--html", dir.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("nnc: error: --html " + dir + ": that is a directory\n", r.err());
    }

    /** Headless Chromium (Debian's chromium) loads the page without a script error and draws it; skipped without it. */
    @Test
    void theHtmlRendersInHeadlessChromium() throws Exception {
        Path chromium = Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .map(d -> Path.of(d, "chromium")).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "chromium is not installed");
        Path page = dir.resolve("report.html");
        assertEquals(0, Cli.run("mem", write("net.dsl", TRAINED), "--html", page.toString()).exitCode());
        Path png = dir.resolve("report.png");
        Path log = dir.resolve("chromium.log");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                "--v=0", "--window-size=1000,700", "--screenshot=" + png, page.toUri().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 2 minutes");
        }
        String messages = Files.readString(log);
        assertFalse(messages.contains("Uncaught"), messages);
        assertTrue(Files.size(png) > 10_000, "the screenshot is nearly empty");
    }
}
