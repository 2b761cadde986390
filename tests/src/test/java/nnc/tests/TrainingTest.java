package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nnc.frontend.Compilation;
import nnc.frontend.Frontend;
import nnc.frontend.SourceFile;
import nnc.ir.Attrs;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Interpreter;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.TrainingLoop;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import org.junit.jupiter.api.Test;

/**
 * Training in the reference interpreter works: zoo networks compiled with their training clause (or
 * another optimizer) learn synthetic data that the test generates.
 */
class TrainingTest {
    private static final int BATCH = 64;
    private static final int FEATURES = 8;
    private static final int CLASSES = 3;

    /** Points labelled by the largest of three linear scores: separable by the model's last layer alone. */
    private record Dataset(Tensor x, Tensor labels) {
        static Dataset separable(double[][] teacher, long seed) {
            Random r = new Random(seed);
            double[] x = new double[BATCH * FEATURES];
            double[] labels = new double[BATCH];
            for (int i = 0; i < BATCH; i++) {
                for (int j = 0; j < FEATURES; j++) x[i * FEATURES + j] = r.nextGaussian();
                double best = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < CLASSES; c++) {
                    double score = 0;
                    for (int j = 0; j < FEATURES; j++) score += x[i * FEATURES + j] * teacher[j][c];
                    if (score > best) {
                        best = score;
                        labels[i] = c;
                    }
                }
            }
            return new Dataset(Tensor.of(TensorType.f32(BATCH, FEATURES), x), Tensor.of(TensorType.i32(BATCH), labels));
        }

        Map<String, Tensor> inputs() {
            return Map.of("x", x, "labels", labels);
        }

        double accuracy(Tensor logits) {
            int right = 0;
            for (int i = 0; i < BATCH; i++) {
                int best = 0;
                for (int c = 1; c < CLASSES; c++) if (logits.get(i * CLASSES + c) > logits.get(i * CLASSES + best)) best = c;
                if (best == (int) labels.get(i)) right++;
            }
            return (double) right / BATCH;
        }
    }

    private static double[][] teacher() {
        Random r = new Random(7);
        double[][] w = new double[FEATURES][CLASSES];
        for (double[] row : w) for (int c = 0; c < CLASSES; c++) row[c] = r.nextGaussian();
        return w;
    }

    private static Graph trainingGraph(String net, Map<String, Integer> sizes, Attrs clause) {
        Compilation c;
        try {
            c = Frontend.compile(SourceFile.read(TestFiles.repoRoot().resolve("tests/nets/" + net + ".dsl")), sizes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(c.ok(), c::renderDiagnostics);
        Graph g = c.graph();
        if (clause != null) g.setAttrs(clause);
        new PassManager().verifyEach(true).run(Pipeline.parse("autodiff", PassRegistry.standard()), g);
        return g;
    }

    /**
     * Trains full-batch on 64 separable points and asserts that the training accuracy (measured on each
     * step's logits, before its update) reaches 95% within {@code steps}; the final model must also beat
     * chance clearly on 64 points it never saw.
     */
    private static void trainsTheMlp(Attrs clause, int steps) {
        Graph g = trainingGraph("mlp", Map.of("batch", BATCH, "features", FEATURES, "hidden1", 16, "hidden2", 16, "classes", CLASSES),
                clause);
        double[][] teacher = teacher();
        Dataset train = Dataset.separable(teacher, 1);
        Dataset heldOut = Dataset.separable(teacher, 2);
        TrainingLoop loop = new TrainingLoop(g, Initializers.forGraph(g, 3));
        int[] firstAccurate = {-1};
        List<Double> losses = loop.run(steps, i -> train.inputs(), s -> {
            if (firstAccurate[0] < 0 && train.accuracy(s.outputs().get("logits")) >= 0.95) firstAccurate[0] = s.index();
        });
        Map<String, Tensor> args = new HashMap<>(loop.persistent());
        args.putAll(heldOut.inputs());
        double heldOutAccuracy = heldOut.accuracy(Interpreter.run(g, args).outputs().get("logits"));
        System.out.printf("mlp %s: loss %.4f -> %.4f in %d steps, 95%% training accuracy at step %d, held-out accuracy %.3f%n",
                g.attrs().get("optimizer"), losses.get(0), losses.get(steps - 1), steps, firstAccurate[0], heldOutAccuracy);
        assertTrue(firstAccurate[0] >= 0, "training accuracy stayed below 95% for " + steps + " steps");
        assertTrue(heldOutAccuracy >= 0.7, "held-out accuracy " + heldOutAccuracy);
    }

    @Test
    void mlpLearnsSeparableDataWithSgdAndMomentum() {
        trainsTheMlp(null, 100);
    }

    @Test
    void mlpLearnsSeparableDataWithAdam() {
        trainsTheMlp(Attrs.of("loss", "loss", "optimizer", "adam", "lr", 0.01), 100);
    }

    /** Each sequence walks a cycle of tokens, so the next token is always predictable: the loss must fall fivefold. */
    @Test
    void lstmLanguageModelLearnsARepeatingSequence() {
        int batch = 2;
        int seq = 6;
        int vocab = 5;
        Graph g = trainingGraph("lstm_lm", Map.of("batch", batch, "seq", seq, "vocab", vocab, "hidden", 16), null);
        double[] tokens = new double[batch * seq];
        double[] targets = new double[batch * seq];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < seq; t++) {
                tokens[b * seq + t] = (b * 2 + t) % vocab;
                targets[b * seq + t] = (b * 2 + t + 1) % vocab;
            }
        }
        Map<String, Tensor> inputs = Map.of("tokens", Tensor.of(TensorType.i32(batch, seq), tokens),
                "targets", Tensor.of(TensorType.i32(batch, seq), targets));
        TrainingLoop loop = new TrainingLoop(g, Initializers.forGraph(g, 3));
        int steps = 100;
        List<Double> losses = loop.run(steps, i -> inputs, s -> {});
        System.out.printf("lstm_lm sgd: loss %.4f -> %.4f in %d steps%n", losses.get(0), losses.get(steps - 1), steps);
        assertTrue(losses.get(steps - 1) < 0.2 * losses.get(0), "loss " + losses.get(0) + " -> " + losses.get(steps - 1));
    }
}
