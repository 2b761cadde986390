package nnc.passes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import nnc.passes.autodiff.Autodiff;
import nnc.passes.dne.DeadNodeElimination;
import nnc.passes.fuse.FusePass;
import nnc.passes.plan.PlanBuffersPass;
import nnc.passes.recompute.RecomputePass;
import nnc.passes.schedule.SchedulePass;

/** Passes by name. {@link #standard()} is the one place where nnc's passes are registered. */
public final class PassRegistry {
    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /**
     * Every pass nnc has, as plain data, in the order a full pipeline runs them. Each entry carries a
     * comment saying why it is there (DESIGN.md, "Passes").
     */
    private static final PassRegistry STANDARD = new PassRegistry(List.of(
            // Builds the backward pass and optimizer update from the training clause; first, because
            // every later pass must see (and may optimize) the whole training step.
            new Autodiff(),
            // Drops nodes no output or update needs, such as backward branches no parameter uses, so
            // that no later pass plans or schedules work that is thrown away.
            new DeadNodeElimination(),
            // Merges elementwise chains, epilogues of matmul/conv and prologues of reductions into
            // single nodes: one kernel each, and no buffer for the values inside. After autodiff, so
            // that the backward pass is fused too.
            new FusePass(),
            // Rebuilds stashed forward values in the backward pass when that lowers the peak: cheap
            // ones by default, heavy segments too under a memory budget. After fuse, so that fused
            // chains are rebuilt as one kernel; before schedule, which orders the copies it adds.
            new RecomputePass(),
            // Picks the execution order that keeps the fewest bytes live at once; the order is what
            // liveness, and so the arena size, depends on.
            new SchedulePass(),
            // Gives every transient value an offset in one arena, reusing dead values' bytes; last,
            // because any change to the graph afterwards drops the plan.
            new PlanBuffersPass()));

    private final Map<String, Pass> byName = new LinkedHashMap<>();

    /** Throws {@link IllegalArgumentException} on a name that is not kebab-case or is taken twice. */
    public PassRegistry(List<Pass> passes) {
        for (Pass p : passes) {
            if (!KEBAB.matcher(p.name()).matches()) {
                throw new IllegalArgumentException("pass name '" + p.name() + "' is not kebab-case");
            }
            if (byName.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("two passes are named '" + p.name() + "'");
            }
        }
    }

    public static PassRegistry standard() {
        return STANDARD;
    }

    public Optional<Pass> lookup(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Names in registration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
