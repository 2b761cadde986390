package nnc.backend.opencl;

import java.util.List;
import nnc.backend.java.JavaSource;
import nnc.backend.kernel.KernelProgram;

/** What the OpenCL target emits for one network: {@code kernels.cl}, the JOCL host class, and the plan they came from. */
public record OpenClProgram(String kernelsCl, JavaSource host, KernelProgram program, List<String> kernelNames) {
    public static final String KERNELS_FILE = "kernels.cl";

    public OpenClProgram {
        kernelNames = List.copyOf(kernelNames);
    }
}
