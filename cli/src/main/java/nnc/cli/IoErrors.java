package nnc.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Plain words for file errors, instead of Java exception names. */
final class IoErrors {
    private IoErrors() {}

    /** {@code cannot read 'net.dsl': no such file}. */
    static String describe(String verb, Path path, IOException e) {
        return "cannot " + verb + " '" + path + "': " + reason(e);
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof CharacterCodingException) return "it is not UTF-8 text";
        if (e instanceof FileSystemException f && f.getReason() != null) return lowerFirst(f.getReason());
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
