package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --memory-budget} and {@code --extra-flops} on {@code nnc mem} and {@code nnc compile}. */
class MemoryBudgetTest {
    /** Three layers whose activations (64 rows) outweigh their 4x4 weights. */
    private static final String NET = """
            dim batch = 64, d = 4
            input x: f32[batch, d]
            input target: f32[batch, d]
            param w1: f32[d, d] = xavier
            param w2: f32[d, d] = xavier
            param w3: f32[d, d] = xavier
            h1 = relu(x @ w1)
            h2 = relu(h1 @ w2)
            loss = mse(h2 @ w3, target)
            output loss
            train loss with sgd(lr=0.1)
            """;

    @TempDir
    Path dir;

    private String net() throws IOException {
        return Files.writeString(dir.resolve("net.dsl"), NET).toString();
    }

    private static long key(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (\\d+)").matcher(json);
        assertTrue(m.find(), () -> "no integer key " + key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void memFitsTheBudgetByRecomputing() throws IOException {
        Cli.Result plain = Cli.run("mem", net(), "--json");
        Cli.Result r = Cli.run("mem", net(), "--json", "--memory-budget", "5000");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(key(plain.out(), "peak_bytes") > 5000, plain::toString);
        assertTrue(key(r.out(), "peak_bytes") <= 5000, r::toString);
        assertTrue(key(r.out(), "recompute_flops") > 0, r::toString);
        assertTrue(r.out().contains("\"pipeline\": \"autodiff,dne,fuse{updates=false},recompute{budget=5000},schedule,plan-buffers\""), r::toString);
    }

    @Test
    void anImpossibleBudgetNamesTheSmallestPeak() throws IOException {
        Cli.Result r = Cli.run("mem", net(), "--memory-budget", "1KiB");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("the memory budget 1.00 KiB (1,024 bytes) is too small for @net: the smallest peak nnc can reach is"),
                r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void compileWithABudgetAndNoPipelineRunsEveryPass() throws IOException {
        Cli.Result r = Cli.run("compile", net(), "--memory-budget", "5000");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("\nrecompute:\n"), r::toString);
        assertTrue(r.out().contains("{bytes = "), "the graph is planned\n" + r);
    }

    @Test
    void badBudgetsAreUserErrors() throws IOException {
        assertRefused(Cli.run("mem", net(), "--memory-budget", "12XB"),
                "--memory-budget 12XB: expected a byte size such as 512MiB, 2GiB or 4GB");
        assertRefused(Cli.run("mem", net(), "--pipeline", "autodiff,schedule,plan-buffers", "--memory-budget", "4KiB"),
                "--memory-budget needs a recompute step, and the pipeline 'autodiff,schedule,plan-buffers' has none");
    }

    @Test
    void memLowersThePeakWithinTheFlopsCap() throws IOException {
        Cli.Result plain = Cli.run("mem", net(), "--json");
        Cli.Result r = Cli.run("mem", net(), "--json", "--extra-flops", "50%");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(key(r.out(), "peak_bytes") < key(plain.out(), "peak_bytes"), r::toString);
        long recompute = key(r.out(), "recompute_flops");
        assertTrue(recompute > 0 && recompute <= (key(r.out(), "flops") - recompute) / 2, r::toString);
        assertTrue(r.out().contains("\"pipeline\": \"autodiff,dne,fuse,recompute{extra-flops=50%},schedule,plan-buffers\""), r::toString);
        Cli.Result none = Cli.run("mem", net(), "--json", "--extra-flops", "0%");
        assertEquals(0, key(none.out(), "recompute_flops"), none::toString);
    }

    @Test
    void badFlopsCapsAreUserErrors() throws IOException {
        assertRefused(Cli.run("mem", net(), "--extra-flops", "5"), "--extra-flops 5: expected a share such as 5% or 12.5%");
        assertRefused(Cli.run("mem", net(), "--extra-flops", "5%", "--memory-budget", "4KiB"),
                "--memory-budget and --extra-flops both choose what to recompute; give one of them");
        assertRefused(Cli.run("mem", net(), "--pipeline", "autodiff,schedule,plan-buffers", "--extra-flops", "5%"),
                "--extra-flops needs a recompute step, and the pipeline 'autodiff,schedule,plan-buffers' has none");
    }

    /**
     * On a small VGG-16 the budget search reaches lower with gradients fused into their updates (583,864
     * bytes) than without (588,920): a budget between the two fits only the second pipeline tried.
     */
    @Test
    void aBudgetTheFirstPipelineMissesFitsTheSecond() {
        String[] vgg = {"mem", "../tests/nets/vgg16.dsl", "--set", "batch=2", "--set", "image=32", "--set", "width=4", "--set", "fc=32",
                "--set", "classes=10", "--json", "--memory-budget"};
        Cli.Result r = Cli.run(with(vgg, "585000"));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(key(r.out(), "peak_bytes") <= 585_000, r::toString);
        assertTrue(r.out().contains("\"pipeline\": \"autodiff,dne,fuse,recompute{budget=585000},schedule,plan-buffers\""), r::toString);
        Cli.Result least = Cli.run(with(vgg, "1"));
        assertEquals(1, least.exitCode(), least::toString);
        assertTrue(least.err().contains("the smallest peak nnc can reach is 570 KiB (583,864 bytes)"), least::toString);
    }

    /** A user error: exit code 1 and the one line {@code nnc: error: MESSAGE} on standard error. */
    private static void assertRefused(Cli.Result r, String message) {
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("nnc: error: " + message + "\n", r.err());
        assertEquals("", r.out());
    }

    private static String[] with(String[] args, String last) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }
}
