package nnc.frontend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A DSL source: the name used in diagnostics (usually the path as given) and its text. */
public record SourceFile(String name, String text) {
    public static SourceFile read(Path path) throws IOException {
        return new SourceFile(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /** Line {@code line} (1-based) without its line terminator, or "" past the end. */
    public String line(int line) {
        String[] lines = text.split("\r?\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }

    /** The graph name: the file's base name without extension. */
    public String baseName() {
        String n = Path.of(name).getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
