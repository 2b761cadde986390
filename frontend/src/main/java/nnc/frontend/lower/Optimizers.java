package nnc.frontend.lower;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.DoublePredicate;
import nnc.ir.Attrs;
import nnc.ir.SourceLoc;

/** The optimizer of a {@code train} clause, checked and written as graph attributes with every default filled in. */
final class Optimizers {
    private static final Map<String, Signature> SIGNATURES = Map.of(
            "sgd", Signature.of("sgd", 1, "lr", "momentum"),
            "adam", Signature.of("adam", 1, "lr", "beta1", "beta2", "eps"));

    private Optimizers() {}

    /**
     * {@code {loss = "loss", lr = 0.1, momentum = 0.0, optimizer = "sgd"}}. Each bad setting goes to
     * {@code report}; then the method fails without a message of its own.
     */
    static Attrs attrs(String loss, String optimizer, List<ArgValue> args, SourceLoc loc, Consumer<CompileError> report) {
        Signature signature = SIGNATURES.get(optimizer);
        if (signature == null) {
            String hint = Suggestions.didYouMean(optimizer, SIGNATURES.keySet());
            throw new CompileError(loc, "unknown optimizer '" + optimizer + "'" + (hint.isEmpty() ? " (expected sgd or adam)" : hint));
        }
        BoundArgs a = signature.bind(args, loc);
        if (a.anyError()) throw CompileError.alreadyReported();
        Map<String, Object> attrs = new TreeMap<>();
        attrs.put("loss", loss);
        attrs.put("optimizer", optimizer);
        Settings settings = new Settings(a, report);
        attrs.put("lr", settings.positive("lr", 0));
        if (optimizer.equals("sgd")) {
            attrs.put("momentum", settings.fraction("momentum", 0.0));
        } else {
            attrs.put("beta1", settings.fraction("beta1", 0.9));
            attrs.put("beta2", settings.fraction("beta2", 0.999));
            attrs.put("eps", settings.positive("eps", 1e-8));
        }
        if (settings.failed) throw CompileError.alreadyReported();
        return Attrs.of(attrs);
    }

    /** Reads the settings one by one, reporting every bad one. */
    private static final class Settings {
        private final BoundArgs args;
        private final Consumer<CompileError> report;
        private boolean failed;

        Settings(BoundArgs args, Consumer<CompileError> report) {
            this.args = args;
            this.report = report;
        }

        double positive(String name, double dflt) {
            return check(name, dflt, v -> v > 0, "positive");
        }

        /** A decay rate. */
        double fraction(String name, double dflt) {
            return check(name, dflt, v -> v >= 0 && v < 1, "in [0, 1)");
        }

        private double check(String name, double dflt, DoublePredicate valid, String wanted) {
            try {
                double v = args.number(name, dflt);
                if (!valid.test(v)) throw new CompileError(args.loc(name), args.what(name) + " must be " + wanted + ", got " + v);
                return v;
            } catch (CompileError e) {
                report.accept(e);
                failed = true;
                return dflt;
            }
        }
    }
}
