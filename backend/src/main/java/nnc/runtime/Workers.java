package nnc.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The threads that run a kernel's blocks on all cores. A step calls many kernels back to back, each a
 * fraction of a millisecond, so waking a parked thread for each (tens of microseconds under a
 * hypervisor) would eat the gain; a worker therefore stays awake for a while after its last job before
 * it parks, yielding its core to any other thread that wants it (the JIT compiling a net's many
 * kernels, at first) rather than spinning on it. Blocks are claimed one at a time by whichever thread is free; each block writes its own
 * elements in a fixed order, so results do not depend on who ran it.
 */
public final class Workers {
    /** How long an idle worker stays awake for the next job before it parks. */
    private static final long SPIN_NANOS = 1_000_000;
    private static final Worker[] WORKERS = startWorkers(Runtime.getRuntime().availableProcessors() - 1);
    /** The job being run, or the last one; workers compare it with the last job they joined. */
    private static volatile Job current;

    private Workers() {}

    /**
     * Runs {@code kernel} on blocks {@code 0 .. blocks-1} and returns when all have run, rethrowing the
     * first error a block threw. Concurrent callers are served one at a time.
     */
    public static synchronized void run(int blocks, IntConsumer kernel) {
        Job job = new Job(kernel, blocks);
        current = job;
        for (Worker w : WORKERS) {
            if (w.parked) LockSupport.unpark(w);
        }
        job.work();
        while (job.done.get() < blocks) Thread.onSpinWait();
        if (job.error instanceof RuntimeException e) throw e;
        if (job.error instanceof Error e) throw e;
    }

    private static Worker[] startWorkers(int count) {
        Worker[] workers = new Worker[count];
        for (int i = 0; i < count; i++) {
            workers[i] = new Worker(i);
            workers[i].start();
        }
        return workers;
    }

    private static final class Job {
        final IntConsumer kernel;
        final int blocks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        /** The first error a block threw; kernels throw no checked exceptions. */
        volatile Throwable error;

        Job(IntConsumer kernel, int blocks) {
            this.kernel = kernel;
            this.blocks = blocks;
        }

        /** Runs unclaimed blocks until none is left. */
        void work() {
            for (int b; (b = next.getAndIncrement()) < blocks; ) {
                try {
                    kernel.accept(b);
                } catch (Throwable t) {
                    if (error == null) error = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private static final class Worker extends Thread {
        volatile boolean parked;

        Worker(int index) {
            super("nnc-worker-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            Job joined = null;
            long idleSince = System.nanoTime();
            while (true) {
                Job job = current;
                if (job != joined) {
                    joined = job;
                    job.work();
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.yield();
                } else {
                    parked = true;
                    // Publishing parked before looking again means run() either sees it or its job is seen here.
                    if (current == joined) LockSupport.park(this);
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }
}
