package org.jakartachat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server under test, seen from outside through /proc and, for a JVM, jcmd. A cluster is
 * several processes (instances and Redis): CPU and resident memory are their sums.
 */
final class ServerProcess {
    /** Linux reports CPU time in clock ticks; 100 a second on every kernel this runs on. */
    private static final double TICKS_PER_SECOND = 100;
    /**
     * One line per heap or generation: G1's "garbage-first heap total …, used …K", Serial's
     * "def new generation …" and "tenured generation …" (a JVM pinned to one core picks Serial).
     */
    private static final Pattern HEAP_USED = Pattern.compile("(?m)^\\s*\\S.*(?:heap|generation)\\s+total \\d+K, used (\\d+)K");

    private final long pid;
    private final List<Long> others;
    private final boolean jvm;

    ServerProcess(List<Long> pids, boolean jvm) {
        this.pid = pids.get(0);
        this.others = pids.subList(1, pids.size());
        this.jvm = jvm;
    }

    boolean jvm() {
        return jvm;
    }

    /** User plus system CPU seconds the process has used so far. */
    double cpuSeconds() throws IOException {
        return userSeconds() + systemSeconds();
    }

    /** CPU seconds spent in the kernel for the process (system calls: socket writes, polling, waking threads). */
    double systemSeconds() throws IOException {
        return statField(12) / TICKS_PER_SECOND;
    }

    double userSeconds() throws IOException {
        return statField(11) / TICKS_PER_SECOND;
    }

    /** A field of /proc/PID/stat counted after "pid (comm) " (state is 0, utime 11, stime 12), summed. */
    private long statField(int index) throws IOException {
        long sum = 0;
        for (long p : all()) {
            String stat = Files.readString(Path.of("/proc/" + p + "/stat"));
            sum += Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[index]);
        }
        return sum;
    }

    private List<Long> all() {
        List<Long> all = new java.util.ArrayList<>(List.of(pid));
        all.addAll(others);
        return all;
    }

    /** Resident set in KiB. */
    long rssKb() throws IOException {
        long sum = 0;
        for (long p : all()) {
            sum += Files.readAllLines(Path.of("/proc/" + p + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:")).mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElseThrow(() -> new IOException("no VmRSS for " + p));
        }
        return sum;
    }

    /** Heap in use right after a full GC, in KiB; -1 for a server that is not a JVM. */
    long heapAfterGcKb() throws IOException, InterruptedException {
        if (!jvm) {
            return -1;
        }
        // Twice: the first full GC may leave finalizable and reference-queued garbage for the second.
        jcmd("GC.run");
        Thread.sleep(1000);
        jcmd("GC.run");
        Thread.sleep(2000);
        String info = jcmd("GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        long total = -1;
        while (used.find()) {
            total = Math.max(total, 0) + Long.parseLong(used.group(1));
        }
        if (total < 0) {
            throw new IOException("jcmd GC.heap_info printed no heap use: " + info);
        }
        return total;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
