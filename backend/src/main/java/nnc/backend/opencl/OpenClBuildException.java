package nnc.backend.opencl;

/** Generated OpenCL C that does not build: a compiler bug, reported with the kernels the build log points at and the log. */
public final class OpenClBuildException extends RuntimeException {
    OpenClBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
