package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nnc.frontend.Compilation;
import nnc.frontend.Frontend;
import nnc.frontend.SourceFile;
import nnc.ir.Graph;
import nnc.ir.IrParseException;
import nnc.ir.IrParser;
import nnc.ir.IrPrinter;
import nnc.ir.Verifier;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests, one per input under {@code tests/golden/}: an {@code .ir} or {@code .dsl} file whose
 * first line names what to run, and a sibling {@code NAME.expected.ir} holding the printed result.
 *
 * <ul>
 *   <li>{@code .ir}: {@code # RUN: PIPELINE} (may be empty): parse, verify, run the pipeline, print.
 *   <li>{@code .dsl}: {@code # RUN: --set batch=2 --set hidden=8 --pipeline PIPELINE} (each part
 *       optional): compile with the dims overridden, verify, run the pipeline, print.
 * </ul>
 *
 * Every expected file must also read back to itself: {@code print(parse(expected)) == expected}.
 * {@code -Dnnc.updateGoldens=true} rewrites expected files (see {@link TestFiles#assertGolden}).
 */
class GoldenTest {
    private static final String EXPECTED = ".expected.ir";
    private static final String RUN = "# RUN:";

    @TestFactory
    Stream<DynamicTest> goldens() throws IOException {
        Path dir = TestFiles.repoRoot().resolve("tests").resolve("golden");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            String name = dir.relativize(f).toString().replace('\\', '/');
            if (name.endsWith(EXPECTED)) {
                tests.add(DynamicTest.dynamicTest(name + " reads back", f.toUri(), () -> checkRoundTrip(f)));
            } else if (name.endsWith(".ir") || name.endsWith(".dsl")) {
                tests.add(DynamicTest.dynamicTest(name, f.toUri(), () -> checkInput(f, name)));
            }
        }
        assertFalse(tests.isEmpty(), "no golden files under " + dir);
        return tests.stream();
    }

    private static void checkInput(Path input, String name) {
        String text = TestFiles.read(input);
        String header = text.lines().findFirst().orElse("");
        if (!header.startsWith(RUN)) fail(name + ": the first line must be '" + RUN + " ...' naming what to run");
        String run = header.substring(RUN.length()).trim();
        Graph g = name.endsWith(".dsl") ? compileDsl(input, text, run) : parseIr(name, text, run);
        String fileName = input.getFileName().toString();
        String base = fileName.substring(0, fileName.lastIndexOf('.'));
        TestFiles.assertGolden(input.resolveSibling(base + EXPECTED), IrPrinter.print(g));
    }

    private static Graph parseIr(String name, String text, String pipeline) {
        Graph g = parse(name, text);
        assertEquals(List.of(), Verifier.verify(g), name + " is not valid IR");
        runPipeline(g, pipeline);
        return g;
    }

    /** {@code run} holds {@code --set NAME=INT} (repeated) and {@code --pipeline PIPELINE}, in any order. */
    private static Graph compileDsl(Path input, String text, String run) {
        String name = TestFiles.repoRoot().relativize(input.toAbsolutePath()).toString().replace('\\', '/');
        Map<String, Integer> dims = new LinkedHashMap<>();
        String pipeline = "";
        String[] words = run.isEmpty() ? new String[0] : run.split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String option = words[i];
            if (i + 1 == words.length || !(option.equals("--set") || option.equals("--pipeline"))) {
                fail(name + ": bad RUN header at '" + option + "' (expected --set NAME=INT or --pipeline PIPELINE)");
            }
            String value = words[++i];
            if (option.equals("--pipeline")) {
                pipeline = value;
                continue;
            }
            String[] kv = value.split("=", 2);
            if (kv.length != 2 || !kv[1].matches("-?\\d+")) fail(name + ": --set needs NAME=INT, found '" + value + "'");
            dims.put(kv[0], Integer.parseInt(kv[1]));
        }
        Compilation c = Frontend.compile(new SourceFile(name, text), dims);
        if (!c.ok()) fail(name + " does not compile:\n" + c.renderDiagnostics());
        assertEquals(List.of(), Verifier.verify(c.graph()), name + " compiles to invalid IR");
        runPipeline(c.graph(), pipeline);
        return c.graph();
    }

    private static Graph parse(String name, String text) {
        try {
            return IrParser.parse(text);
        } catch (IrParseException e) {
            return fail(name + ":" + e.getMessage());
        }
    }

    /** Runs the passes with the verifier after each one, so that a pass breaking the IR fails here. */
    private static void runPipeline(Graph g, String pipeline) {
        new PassManager().verifyEach(true).run(Pipeline.parse(pipeline, PassRegistry.standard()), g);
    }

    private static void checkRoundTrip(Path expected) {
        String text = TestFiles.read(expected);
        Graph g = parse(expected.getFileName().toString(), text);
        assertEquals(text, IrPrinter.print(g), expected.getFileName() + " does not print back to itself");
        assertEquals(List.of(), Verifier.verify(g), expected.getFileName() + " is not valid IR");
    }
}
