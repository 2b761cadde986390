package nnc.ir;

import java.io.IOException;

/** A {@code .npy} file that cannot be read as a tensor; the message starts with the file's name. */
public final class NpyException extends IOException {
    public NpyException(String file, String problem) {
        super(file + ": " + problem);
    }
}
