package nnc.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {
    /** Gradient descent on loss = sum(w * x) with momentum written out by hand: gradient x. */
    private static final String STEP = """
            graph @step {loss = "loss"} {
              input %x : f32[2]
              param %w : f32[2]
              param %frozen : f32[2]
              state %v : f32[2]
              %0 = mul(%w, %x) : f32[2]
              %1 = reduce_sum(%0) {axes = [0], keepdims = false} : f32[]
            optimizer:
              %2 = fill() {dtype = "f32", shape = [], value = 0.5} : f32[]
              %3 = mul(%2, %v) : f32[2]
              %4 = add(%3, %x) : f32[2]
              %5 = sub(%w, %4) : f32[2]
              output %loss = %1
              update %v = %4
              update %w = %5
            }
            """;

    private static Tensor vector(double a, double b) {
        return Tensor.of(TensorType.f32(2), a, b);
    }

    @Test
    void carriesParamsAndStateFromStepToStep() {
        Graph g = IrParser.parse(STEP);
        TrainingLoop loop = new TrainingLoop(g, Map.of("w", vector(1, 2), "frozen", vector(3, 4), "v", vector(0, 0)));
        List<TrainingLoop.Step> steps = new ArrayList<>();
        List<Double> losses = loop.run(3, i -> Map.of("x", vector(1, i)), steps::add);
        // v: (1,0) (1.5,1) (1.75,2.5); w: (0,2) (-1.5,1) (-3.25,-1.5); losses use w before each step.
        assertEquals(List.of(1.0 * 1 + 2 * 0, 0.0 * 1 + 2 * 1, -1.5 * 1 + 1 * 2), losses);
        assertEquals(List.of(0, 1, 2), steps.stream().map(TrainingLoop.Step::index).toList());
        assertArrayEquals(new double[] {-3.25, -1.5}, loop.persistent().get("w").toArray());
        assertArrayEquals(new double[] {1.75, 2.5}, loop.persistent().get("v").toArray());
        assertArrayEquals(new double[] {3, 4}, loop.persistent().get("frozen").toArray(), "not updated, so unchanged");
        assertEquals(List.of("w", "frozen", "v"), List.copyOf(loop.persistent().keySet()));
        assertEquals(3, loop.step(Map.of("x", vector(0, 0))).index());
    }

    @Test
    void needsALossAndEveryPersistentValue() {
        Graph g = IrParser.parse(STEP);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new TrainingLoop(g, Map.of("w", vector(1, 2), "frozen", vector(3, 4))));
        assertEquals("no starting value for state %v", missing.getMessage());
        Graph inference = IrParser.parse(STEP.replace(" {loss = \"loss\"}", ""));
        IllegalArgumentException noLoss = assertThrows(IllegalArgumentException.class, () -> new TrainingLoop(inference, Map.of()));
        assertEquals("graph @step is not a training graph: it has no loss output", noLoss.getMessage());
    }
}
