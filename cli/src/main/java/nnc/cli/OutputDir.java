package nnc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes files into an output directory so that no reader ever sees a half-written one: every file
 * is first written into a fresh staging directory, then renamed into place. A directory that does
 * not exist yet appears in one rename with all its files; into an existing one, each file is renamed
 * over its old version, leaving the user's other files there alone.
 */
final class OutputDir {
    /** Writes the complete contents of one file at the path given. */
    interface Content {
        void writeTo(Path file) throws IOException;
    }

    private OutputDir() {}

    /** Writes {@code files} (name to content) into {@code dir}; failures become {@link UserError}s. */
    static void write(Path dir, Map<String, Content> files) {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw UserError.of("cannot write into '" + dir + "': it exists and is not a directory");
        }
        boolean fresh = !Files.exists(target);
        Path staging = null;
        try {
            // Staging on the same file system as the target keeps the final renames atomic.
            Path stagingParent = fresh ? target.getParent() : target;
            Files.createDirectories(stagingParent);
            staging = Files.createTempDirectory(stagingParent, "." + target.getFileName() + ".nnc-");
            for (Map.Entry<String, Content> f : files.entrySet()) {
                // A name may hold folders, e.g. nnc/generated/Mlp.java.
                Files.createDirectories(staging.resolve(f.getKey()).getParent());
                f.getValue().writeTo(staging.resolve(f.getKey()));
            }
            if (fresh) {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                staging = null;
            } else {
                for (String name : files.keySet()) {
                    Files.createDirectories(target.resolve(name).getParent());
                    Files.move(staging.resolve(name), target.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw UserError.of(IoErrors.describe("write into", dir, e));
        } finally {
            if (staging != null) deleteQuietly(staging);
        }
    }

    /** Best effort: a leftover hidden staging directory is harmless, and the error that led here matters more. */
    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException e) {
            // Nothing to do: see above.
        }
    }
}
