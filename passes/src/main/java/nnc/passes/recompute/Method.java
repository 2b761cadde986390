package nnc.passes.recompute;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * How the budget mode lists its candidate choices, from least to most extra compute; {@link BudgetFit}
 * takes the first that fits. The greedy is the default: on the zoo it reaches every budget Chen's
 * segments reach at less compute (see the README's benchmark).
 */
enum Method {
    /**
     * {@link GreedySequence}, one choice each time the model's peak has dropped by another 1%; and the
     * default mode's choice ({@link EchoRecompute}) among them, before the first that costs more
     * compute, since cheap recomputations are where the greedy starts too but it may spend a little
     * more on the way. Then the same on the model that charges updates their bytes
     * ({@link RematModel#chargingUpdates}), whose path reaches lower peaks on ResNet-50; budgets the
     * first sequence meets never get that far, so the list stays ordered by how far a budget goes.
     */
    GREEDY("greedy") {
        @Override
        Iterator<Choice> choices(RematModel m) {
            Iterator<Choice> first = greedy(m);
            return new Iterator<>() {
                private Iterator<Choice> then;

                @Override
                public boolean hasNext() {
                    if (first.hasNext()) return true;
                    if (then == null) then = greedy(m.chargingUpdates());
                    return then.hasNext();
                }

                @Override
                public Choice next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    return first.hasNext() ? first.next() : then.next();
                }
            };
        }
    },
    /**
     * Chen et al.'s sublinear checkpointing: walking the forward pass, keep a stashed value each time
     * the stash since the last kept one exceeds a segment size, and rebuild everything else from the
     * kept ones. One choice per segment size, from twice the whole stash (everything rebuilt) down to
     * the largest single value in halving steps (√n segments are among them), and none at all,
     * ordered by the compute they add.
     */
    CHEN("chen") {
        @Override
        Iterator<Choice> choices(RematModel m) {
            long total = 0;
            long largest = 1;
            for (int i = 0; i < m.n; i++) {
                if (m.candidate(i)) {
                    total += m.bytes[i];
                    largest = Math.max(largest, m.bytes[i]);
                }
            }
            List<Choice> choices = new ArrayList<>(List.of(Choice.NONE));
            List<Long> flops = new ArrayList<>(List.of(0L));
            for (long segment = 2 * total; segment >= largest; segment /= 2) {
                Choice c = segments(m, segment);
                choices.add(c);
                flops.add(m.evaluate(c).flops());
            }
            List<Integer> byFlops = new ArrayList<>();
            for (int k = 0; k < choices.size(); k++) byFlops.add(k);
            byFlops.sort(Comparator.comparingLong(flops::get));
            return byFlops.stream().map(choices::get).iterator();
        }

        private Choice segments(RematModel m, long segment) {
            BitSet rebuilt = new BitSet();
            long since = 0;
            for (int i = 0; i < m.n; i++) {
                if (!m.candidate(i)) continue;
                since += m.bytes[i];
                if (since >= segment) since = 0;
                else rebuilt.set(i);
            }
            return new Choice(rebuilt, new BitSet(), new BitSet());
        }
    };

    private final String text;

    Method(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    /**
     * The greedy sequence on one model, with the default mode's choice among its choices before the
     * first that costs more compute.
     */
    private static Iterator<Choice> greedy(RematModel m) {
        GreedySequence seq = new GreedySequence(m);
        Choice echo = EchoRecompute.choose(m);
        long echoFlops = m.evaluate(echo).flops();
        return new Iterator<>() {
            private final Deque<Choice> ready = new ArrayDeque<>(List.of(Choice.NONE));
            private Choice pending = echo.equals(Choice.NONE) ? null : echo;
            private long lastPeak = seq.outcome().peak();

            @Override
            public boolean hasNext() {
                while (ready.isEmpty()) {
                    if (!seq.advance()) {
                        if (pending != null) ready.add(pending);
                        pending = null;
                        break;
                    }
                    if (seq.outcome().peak() > lastPeak - lastPeak / 100) continue;
                    lastPeak = seq.outcome().peak();
                    if (pending != null && seq.outcome().flops() > echoFlops) {
                        ready.add(pending);
                        pending = null;
                    }
                    ready.add(seq.choice());
                }
                return !ready.isEmpty();
            }

            @Override
            public Choice next() {
                if (!hasNext()) throw new NoSuchElementException();
                return ready.poll();
            }
        };
    }

    abstract Iterator<Choice> choices(RematModel m);

    /** The method named {@code text}, or null. */
    static Method byText(String text) {
        for (Method x : values()) {
            if (x.text.equals(text)) return x;
        }
        return null;
    }
}
