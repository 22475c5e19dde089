package org.followupmonitor.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs independent, pure computations (the Cox fits of one analysis, the results of several analyses) on
 * the machine's cores and returns their results in task order. Each task is a function of its inputs only,
 * so the results are the same, bit for bit, as running the tasks one after the other; only the wall time
 * changes.
 */
final class ParallelTasks {
    /** Upper bound on threads; one per core is all that pure CPU work can use. */
    static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private ParallelTasks() {
    }

    /** Runs the tasks on up to {@link #THREADS} threads (the caller's included); results in task order. */
    static <T> List<T> runAll(List<? extends Supplier<T>> tasks) {
        return runAll(tasks, THREADS);
    }

    /**
     * @param threads at most this many threads, the caller's included; 1 runs the tasks in order on the caller
     */
    static <T> List<T> runAll(List<? extends Supplier<T>> tasks, int threads) {
        int helpers = Math.min(threads, tasks.size()) - 1;
        if (helpers <= 0) {
            List<T> out = new ArrayList<>(tasks.size());
            tasks.forEach(t -> out.add(t.get()));
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(helpers, r -> {
            Thread t = new Thread(r, "analysis-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            // The first task runs here while the helpers take the others.
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 1; i < tasks.size(); i++) {
                futures.add(pool.submit(tasks.get(i)::get));
            }
            List<T> out = new ArrayList<>(tasks.size());
            out.add(tasks.get(0).get());
            for (Future<T> f : futures) {
                out.add(join(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a computation", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
