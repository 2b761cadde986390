package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nnc.frontend.Compilation;
import nnc.frontend.Frontend;
import nnc.frontend.SourceFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One test per kind of user mistake: {@code tests/errors/NAME.dsl} must fail to compile with exactly
 * the diagnostics in {@code NAME.expected}. {@code -Dnnc.updateGoldens=true} rewrites the expected
 * files (see {@link TestFiles#assertGolden}).
 */
class FrontendErrorTest {
    @TestFactory
    Stream<DynamicTest> errors() throws IOException {
        Path dir = TestFiles.repoRoot().resolve("tests").resolve("errors");
        List<Path> sources;
        try (Stream<Path> s = Files.list(dir)) {
            sources = s.filter(p -> p.getFileName().toString().endsWith(".dsl")).sorted().toList();
        }
        return sources.stream().map(source -> DynamicTest.dynamicTest(source.getFileName().toString(), source.toUri(), () -> check(source)));
    }

    private static void check(Path source) {
        String file = source.getFileName().toString();
        String name = file.substring(0, file.length() - ".dsl".length());
        Compilation c = Frontend.compile(new SourceFile("tests/errors/" + file, TestFiles.read(source)), Map.of());
        assertFalse(c.ok(), file + " compiled without errors; an error test must fail");
        TestFiles.assertGolden(source.resolveSibling(name + ".expected"), c.renderDiagnostics());
    }
}
