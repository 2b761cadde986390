package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import nnc.backend.opencl.OpenClDevices;
import nnc.backend.opencl.OpenClSession;
import nnc.backend.opencl.OpenClUnavailableException;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The OpenCL target against the reference interpreter, on the machine's default OpenCL device (POCL
 * on the CPU in CI): every zoo network at its small sizes, inference and training steps with the full
 * pass pipeline, and every op on its own, give the interpreter's results within the Java target's
 * float tolerance; the host allocates exactly the planned arena on the device. Without any OpenCL
 * platform the tests are skipped with the reason, except in CI, where that is a failure.
 */
class OpenClTargetTest {
    private static OpenClDevices.Device device;
    private final List<OpenClSession> sessions = new ArrayList<>();

    @BeforeAll
    static void findDevice() {
        try {
            device = OpenClDevices.pick(null);
        } catch (OpenClUnavailableException e) {
            if (System.getenv("CI") != null) fail("CI must run the OpenCL tests: " + e.getMessage());
            Assumptions.abort("OpenCL tests skipped: " + e.getMessage());
        }
    }

    @AfterEach
    void release() {
        sessions.forEach(OpenClSession::close);
        sessions.clear();
    }

    private OpenClSession start(Graph g, Map<String, Tensor> args) {
        OpenClSession session = OpenClSession.start(g, device);
        sessions.add(session);
        session.set(args);
        return session;
    }

    @TestFactory
    Stream<DynamicTest> inferenceMatchesTheInterpreter() {
        return cases(false);
    }

    @TestFactory
    Stream<DynamicTest> trainingMatchesTheInterpreter() {
        return cases(true);
    }

    private Stream<DynamicTest> cases(boolean training) {
        return ZooTest.ZOO.keySet().stream().map(net -> DynamicTest.dynamicTest(net, () -> {
            JavaTargetTest.compare(net, training, JavaTargetTest.fullPipeline(training), this::start);
            release();
        }));
    }

    @Test
    void everyOpMatchesTheInterpreterOnItsOwn() {
        JavaTargetTest.everyOpMatches(this::start);
    }

    /** Device buffers, as the host created them: the arena of exactly arena_bytes first, then one per argument. */
    @Test
    void allocatesExactlyThePlannedArena() {
        for (String net : List.of("mlp", "lstm_lm")) {
            Graph g = JavaTargetTest.compile(net, true, JavaTargetTest.fullPipeline(true));
            OpenClSession session = start(g, Initializers.forGraph(g, 42));
            long[] expected = LongStream.concat(LongStream.of(g.plan().arenaBytes()), g.args().stream().mapToLong(a -> a.type().bytes())).toArray();
            long[] created = (long[]) invoke(session, "deviceBufferBytes");
            assertArrayEquals(expected, created, net + ": device buffers = the arena, then one per argument");
            assertEquals(g.plan().arenaBytes(), session.net().arenaBytes(), net + ": CL_MEM_SIZE of the arena");
        }
    }

    private static Object invoke(OpenClSession session, String method) {
        try {
            return session.net().getClass().getMethod(method).invoke(session.net());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the host class has no public " + method + "()", e);
        }
    }
}
