package nnc.passes.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.Arg;
import nnc.ir.Graph;
import nnc.ir.Interpreter;
import nnc.ir.Tensor;
import nnc.ir.Value;
import nnc.ir.Verifier;

/**
 * Compares the gradients the autodiff builds with central finite differences, in the interpreter's
 * double precision. The error of one coordinate is {@code |ad - fd| / max(|ad|, |fd|, FLOOR)}: relative,
 * except for gradients near zero, where finite differences only resolve about FLOOR * 1e-9.
 */
final class GradientCheck {
    /** Step of the central differences: truncation error ~h^2, rounding error ~1e-16/h, both ~1e-10. */
    static final double H = 1e-5;
    static final double FLOOR = 1e-3;

    private GradientCheck() {}

    /**
     * Adds the gradient of output {@code loss} with respect to every param of {@code g} as outputs, and
     * returns the largest error over every coordinate of every param, by param name.
     */
    static Map<String, Double> maxErrors(Graph g, String loss, Map<String, Tensor> values) {
        List<Arg> params = g.args().stream().filter(a -> a.role() == Arg.Role.PARAM).toList();
        Map<Arg, Value> grads = Gradients.build(g, g.outputs().get(loss), params);
        assertEquals(params, new ArrayList<>(grads.keySet()), "every param should get a gradient");
        grads.forEach((p, grad) -> g.setOutput("grad." + p.name(), grad));
        assertEquals(List.of(), Verifier.verify(g));

        Map<String, Tensor> analytic = Interpreter.run(g, values).outputs();
        Map<String, Double> errors = new LinkedHashMap<>();
        for (Arg p : params) {
            Tensor ad = analytic.get("grad." + p.name());
            Tensor x = values.get(p.name());
            double worst = 0;
            for (int i = 0; i < x.size(); i++) {
                double saved = x.get(i);
                x.set(i, saved + H);
                double up = Interpreter.run(g, values).outputs().get(loss).get(0);
                x.set(i, saved - H);
                double down = Interpreter.run(g, values).outputs().get(loss).get(0);
                x.set(i, saved);
                double fd = (up - down) / (2 * H);
                double a = ad.get(i);
                double err = Math.abs(a - fd) / Math.max(FLOOR, Math.max(Math.abs(a), Math.abs(fd)));
                assertTrue(Double.isFinite(err), () -> p.name() + " gradient " + a + " vs finite difference " + fd);
                worst = Math.max(worst, err);
            }
            errors.put(p.name(), worst);
        }
        return errors;
    }
}
