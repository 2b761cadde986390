package nnc.cli;

/** Targets {@code nnc compile --target} generates code for; each names the {@link Target} that runs that code. */
enum CodeTarget {
    /** One Java class per network plus the runtime's two sources; builds with plain javac. */
    JAVA("java", Target.JAVA),
    /** kernels.cl (OpenCL C) plus a JOCL host class and the runtime's two sources. */
    OPENCL("opencl", Target.OPENCL);

    private final String text;
    private final Target runs;

    CodeTarget(String text, Target runs) {
        this.text = text;
        this.runs = runs;
    }

    Target runs() {
        return runs;
    }

    /** The name users type; picocli lists and matches values by it. */
    @Override
    public String toString() {
        return text;
    }
}
