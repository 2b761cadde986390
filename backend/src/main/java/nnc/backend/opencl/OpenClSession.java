package nnc.backend.opencl;

import java.lang.reflect.InvocationTargetException;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnc.backend.CompiledNetSession;
import nnc.backend.java.InMemoryCompiler;
import nnc.ir.Graph;
import nnc.ir.Tensor;
import nnc.runtime.CompiledNet;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * A network's host class, compiled in memory and running its kernels on one OpenCL device, fed and
 * read as {@link Tensor}s: what {@code nnc run --target opencl} and the cross-target tests drive.
 * Params and optimizer state stay in device buffers from one step to the next.
 */
public final class OpenClSession extends CompiledNetSession implements AutoCloseable {
    /** A build log line such as {@code <source>:123:5: error: ...}. */
    private static final Pattern LOG_LINE = Pattern.compile(":(\\d+):\\d+: error");

    private final OpenClProgram program;

    private OpenClSession(OpenClProgram program, CompiledNet net, Graph g) {
        super(net, g);
        this.program = program;
    }

    /**
     * Generates the kernels and host class of {@code g} (planned first if it has no plan), compiles the
     * host in memory and builds the kernels for {@code device}.
     *
     * @throws OpenClBuildException when the generated kernels do not build
     */
    public static OpenClSession start(Graph g, OpenClDevices.Device device) {
        OpenClProgram program = OpenClTarget.generate(g, "nnc.generated");
        Class<?> cls = InMemoryCompiler.compile(program.host());
        try {
            Object net = cls.getConstructor(cl_platform_id.class, cl_device_id.class, String.class)
                    .newInstance(device.platform(), device.id(), program.kernelsCl());
            return new OpenClSession(program, (CompiledNet) net, g);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalStateException && cause.getMessage().startsWith(HostClass.BUILD_FAILED)) {
                throw new OpenClBuildException(buildFailure(program.kernelsCl(), cause.getMessage().substring(HostClass.BUILD_FAILED.length())), cause);
            }
            throw new IllegalStateException("cannot start " + program.host().qualifiedName() + " on " + device.describe(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + program.host().qualifiedName(), e);
        }
    }

    /** Names the kernels the log's errors lie in, then gives the whole log. */
    private static String buildFailure(String kernelsCl, String log) {
        TreeSet<String> kernels = new TreeSet<>();
        Matcher m = LOG_LINE.matcher(log);
        while (m.find()) {
            String k = KernelsFile.kernelAt(kernelsCl, Integer.parseInt(m.group(1)));
            kernels.add(k == null ? "(shared functions)" : k);
        }
        return "generated kernels.cl does not build (a bug in nnc's OpenCL target); errors in kernel(s) "
                + (kernels.isEmpty() ? "(see log)" : String.join(", ", kernels)) + ":\n" + log;
    }

    public OpenClProgram program() {
        return program;
    }

    /** Releases the device's buffers, kernels and context. */
    @Override
    public void close() {
        try {
            ((AutoCloseable) net()).close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the OpenCL objects of " + program.host().qualifiedName(), e);
        }
    }

}
