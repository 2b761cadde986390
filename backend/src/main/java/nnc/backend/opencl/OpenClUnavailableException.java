package nnc.backend.opencl;

/** No OpenCL platform can be used here: the ICD loader or every driver is missing, or the device asked for does not exist. */
public final class OpenClUnavailableException extends RuntimeException {
    /** What provides OpenCL on a CPU, for the message. */
    static final String PACKAGES = "install an OpenCL driver and the ICD loader (on Debian/Ubuntu: apt-get install pocl-opencl-icd ocl-icd-opencl-dev)";

    OpenClUnavailableException(String message) {
        super(message);
    }
}
