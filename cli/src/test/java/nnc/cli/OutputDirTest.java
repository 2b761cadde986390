package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirTest {
    @TempDir
    Path dir;

    private List<String> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, OutputDir.Content> files(String... namesAndTexts) {
        Map<String, OutputDir.Content> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            String text = namesAndTexts[i + 1];
            m.put(namesAndTexts[i], f -> Files.writeString(f, text));
        }
        return m;
    }

    @Test
    void aNewDirectoryAppearsWithAllItsFiles() throws IOException {
        Path out = dir.resolve("out");
        OutputDir.write(out, files("a.ir", "A", "b.ir", "B"));
        assertEquals(List.of("a.ir", "b.ir"), listing(out));
        assertEquals("B", Files.readString(out.resolve("b.ir")));
        assertEquals(List.of("out"), listing(dir));
    }

    @Test
    void aFailedWriteLeavesNoDirectoryAndNoStaging() throws IOException {
        Path out = dir.resolve("out");
        Map<String, OutputDir.Content> m = files("a.ir", "A");
        m.put("b.ir", f -> {
            Files.writeString(f, "half");
            throw new AccessDeniedException(f.toString());
        });
        UserError e = assertThrows(UserError.class, () -> OutputDir.write(out, m));
        assertEquals("nnc: error: cannot write into '" + out + "': permission denied\n", e.report());
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void aFailedWriteIntoAnExistingDirectoryChangesNothingThere() throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        Files.writeString(out.resolve("a.ir"), "old");
        Map<String, OutputDir.Content> m = files("a.ir", "new");
        m.put("b.ir", f -> {
            throw new IOException("disk full");
        });
        assertThrows(UserError.class, () -> OutputDir.write(out, m));
        assertEquals(List.of("a.ir"), listing(out));
        assertEquals("old", Files.readString(out.resolve("a.ir")));
    }

    @Test
    void existingFilesAreReplacedAndOthersKept() throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        Files.writeString(out.resolve("a.ir"), "old");
        Files.writeString(out.resolve("keep.txt"), "mine");
        OutputDir.write(out, files("a.ir", "new"));
        assertEquals(List.of("a.ir", "keep.txt"), listing(out));
        assertEquals("new", Files.readString(out.resolve("a.ir")));
        assertEquals(List.of("out"), listing(dir));
    }
}
