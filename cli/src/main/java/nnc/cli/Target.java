package nnc.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import nnc.backend.Session;
import nnc.backend.java.JavaSession;
import nnc.backend.java.VectorModuleMissingException;
import nnc.backend.kernel.UnsupportedOpException;
import nnc.backend.opencl.OpenClDevices;
import nnc.backend.opencl.OpenClSession;
import nnc.backend.opencl.OpenClUnavailableException;
import nnc.ir.Arg;
import nnc.ir.Graph;
import nnc.ir.Interpreter;
import nnc.ir.Tensor;

/** Where {@code nnc run} executes a network: the one place a new target (java, opencl) is added. */
enum Target {
    /** The reference interpreter, the oracle every other target is checked against. */
    INTERP("interp") {
        @Override
        Session start(Graph g, Map<String, Tensor> args, Integer device, PrintWriter out) {
            return new InterpreterSession(g, args);
        }

        /** The graph as lowered, unless a pipeline is given. */
        @Override
        String defaultPipeline(Graph lowered) {
            return "";
        }
    },
    /** Generated Java (JavaPoet), compiled in memory and run in one planned arena. */
    JAVA("java") {
        @Override
        Session start(Graph g, Map<String, Tensor> args, Integer device, PrintWriter out) {
            JavaSession session;
            try {
                session = JavaSession.compile(g);
            } catch (UnsupportedOpException | VectorModuleMissingException e) {
                throw UserError.of(e.getMessage());
            }
            session.set(args);
            return session;
        }
    },
    /** Generated OpenCL C kernels and a JOCL host, run in one planned device arena. */
    OPENCL("opencl") {
        @Override
        Session start(Graph g, Map<String, Tensor> args, Integer device, PrintWriter out) {
            try {
                OpenClDevices.Device picked = OpenClDevices.pick(device);
                out.println("opencl device " + picked.describe());
                OpenClSession session = OpenClSession.start(g, picked);
                session.set(args);
                return session;
            } catch (UnsupportedOpException | OpenClUnavailableException e) {
                throw UserError.of(e.getMessage());
            }
        }
    };

    private final String text;

    Target(String text) {
        this.text = text;
    }

    /**
     * Loads {@code g} on this target; {@code args} holds a tensor for every argument of the graph.
     * {@code device} numbers the OpenCL device (null: the default), and {@code out} hears which was picked.
     */
    abstract Session start(Graph g, Map<String, Tensor> args, Integer device, PrintWriter out);

    /**
     * The pipeline run when the user gives none. A compiled target runs every pass, so that it gets the
     * fused, planned graph it was built for, with autodiff for a net with a training clause.
     */
    String defaultPipeline(Graph lowered) {
        return GraphLoader.fullPipeline(lowered);
    }

    /** The name users type; picocli lists and matches values by it. */
    @Override
    public String toString() {
        return text;
    }

    /** Steps in the reference interpreter, carrying updated params and optimizer state from one to the next. */
    private static final class InterpreterSession implements Session {
        private final Graph graph;
        private final Map<String, Tensor> args;

        InterpreterSession(Graph graph, Map<String, Tensor> args) {
            this.graph = graph;
            this.args = new LinkedHashMap<>(args);
        }

        @Override
        public Interpreter.Result step() {
            Interpreter.Result r = Interpreter.run(graph, args);
            args.putAll(r.updated());
            return r;
        }

        @Override
        public Map<String, Tensor> persistent() {
            Map<String, Tensor> values = new LinkedHashMap<>();
            for (Arg a : graph.args()) {
                if (a.persistent()) values.put(a.name(), args.get(a.name()));
            }
            return values;
        }
    }
}
