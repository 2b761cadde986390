package nnc.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Runs training steps of a training graph (one the autodiff pass has made) in the reference
 * interpreter, carrying params and optimizer state from each step into the next.
 */
public final class TrainingLoop {
    /** What one step gave: its index (from 0), its loss and all its outputs. */
    public record Step(int index, double loss, Map<String, Tensor> outputs) {}

    private final Graph graph;
    private final String lossName;
    /** The current value of every param and state argument, in argument order. */
    private final Map<String, Tensor> persistent = new LinkedHashMap<>();
    private int stepsTaken;

    /**
     * {@code initial} holds a value for every param and state argument (from {@link Initializers} or
     * saved files); entries for inputs are ignored.
     *
     * @throws IllegalArgumentException when the graph has no loss output or a persistent value is missing
     */
    public TrainingLoop(Graph graph, Map<String, Tensor> initial) {
        this.graph = graph;
        this.lossName = graph.attrs().has("loss") ? graph.attrs().get("loss").toString() : null;
        if (lossName == null || !graph.outputs().containsKey(lossName)) {
            throw new IllegalArgumentException("graph @" + graph.name() + " is not a training graph: it has no loss output");
        }
        for (Arg a : graph.args()) {
            if (!a.persistent()) continue;
            Tensor t = initial.get(a.name());
            if (t == null) throw new IllegalArgumentException("no starting value for " + a.role().text() + " %" + a.name());
            persistent.put(a.name(), t);
        }
    }

    /** Runs one step on {@code inputs} (a tensor per input argument); params and state then hold their new values. */
    public Step step(Map<String, Tensor> inputs) {
        Map<String, Tensor> args = new HashMap<>(inputs);
        args.putAll(persistent);
        Interpreter.Result r = Interpreter.run(graph, args);
        persistent.putAll(r.updated());
        return new Step(stepsTaken++, r.outputs().get(lossName).get(0), r.outputs());
    }

    /**
     * Runs {@code steps} more steps, the one with index {@code i} on {@code inputs.apply(i)}, telling
     * {@code onStep} after each; returns their losses.
     */
    public List<Double> run(int steps, IntFunction<Map<String, Tensor>> inputs, Consumer<Step> onStep) {
        List<Double> losses = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            Step s = step(inputs.apply(stepsTaken));
            onStep.accept(s);
            losses.add(s.loss());
        }
        return losses;
    }

    /** The current params and optimizer state by name, in argument order (what {@code --save-params} writes). */
    public Map<String, Tensor> persistent() {
        return Collections.unmodifiableMap(persistent);
    }
}
