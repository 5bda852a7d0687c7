package com.larkops.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Whether a store owner's process still runs, told by the kernel rather than by a heartbeat's age. Each process
 * using a SQLite store holds an OS lock (fcntl) on its own file {@code processes/<owner>} beside the database for
 * its whole life; the kernel drops that lock when the process ends, however it ends (kill -9 included). Every
 * process using a SQLite file shares the file's kernel (the data folder is a bind mount or volume of one host,
 * containers or not), so whoever can take an owner's lock knows that owner is gone, at once; whoever cannot,
 * knows it is alive. No mark (PostgreSQL replicas on other hosts, a store older than this): unknown, the
 * heartbeat decides.
 */
final class ProcessMarks implements AutoCloseable {
    /** What the kernel says of an owner's process. */
    enum Seen { ALIVE, GONE, UNKNOWN }

    private final Optional<Path> dir;
    private FileChannel mine;
    private FileLock lock;
    private Path mark;

    private ProcessMarks(Optional<Path> dir) {
        this.dir = dir;
    }

    /** The marks beside a SQLite file; none for a shared database. */
    static ProcessMarks of(Database db) {
        return new ProcessMarks(db.shared() ? Optional.empty() : Optional.of(Path.of(db.where()).toAbsolutePath().resolveSibling("processes")));
    }

    /**
     * Marks this process as {@code owner}: locked under a temporary name, then renamed, so no one ever sees the
     * final name unlocked while its process lives. Best effort: without a mark others fall back to the heartbeat.
     */
    ProcessMarks hold(String owner) {
        dir.ifPresent(d -> {
            try {
                Files.createDirectories(d);
                Path tmp = d.resolve(owner + ".tmp");
                mine = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                lock = mine.lock();
                mark = Files.move(tmp, d.resolve(owner), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                closeQuietly();
            }
        });
        return this;
    }

    /**
     * Whether {@code owner}'s process runs. Never asked about an owner of this JVM: a second channel on a file this
     * JVM locks would drop that lock when closed (POSIX), so the caller answers those from memory.
     */
    Seen seen(String owner) {
        if (dir.isEmpty() || owner.isEmpty() || owner.contains("/") || owner.contains("..")) {
            return Seen.UNKNOWN;
        }
        Path file = dir.get().resolve(owner);
        if (!Files.isRegularFile(file)) {
            return Seen.UNKNOWN;
        }
        // a shared lock, asked on a read-only channel: any user can ask it (a shell run as root, a bot as uid
        // 10001), probers never stand in each other's way, and only the owner's exclusive lock refuses it
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return Seen.ALIVE;
            }
            probe.release();
            return Seen.GONE;
        } catch (OverlappingFileLockException e) {
            return Seen.ALIVE; // held in this JVM: alive
        } catch (IOException e) {
            return Seen.UNKNOWN;
        }
    }

    /**
     * Removes the marks of processes that are gone and hold no row any more ({@code stillNamed} says which owners
     * rows still name), so a data folder does not collect one file per start.
     */
    void sweep(java.util.function.Predicate<String> stillNamed, java.util.function.Predicate<String> here) {
        dir.ifPresent(d -> {
            try (var files = Files.list(d)) {
                files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".tmp") && !here.test(n))
                        .filter(n -> seen(n) == Seen.GONE && !stillNamed.test(n))
                        .forEach(n -> {
                            try {
                                Files.deleteIfExists(d.resolve(n));
                            } catch (IOException e) {
                                // another process swept it first
                            }
                        });
            } catch (IOException | RuntimeException e) {
                // no folder yet, or unreadable: nothing to sweep
            }
        });
    }

    private void closeQuietly() {
        try {
            if (mine != null) {
                mine.close(); // releases the lock
            }
        } catch (IOException e) {
            // closing a file we only locked
        }
        mine = null;
        lock = null;
    }

    /** This process stops using the store: its mark goes (its rows were released just before). */
    @Override
    public void close() {
        if (mark != null) {
            try {
                Files.deleteIfExists(mark);
            } catch (IOException e) {
                // a later start sweeps it
            }
        }
        closeQuietly();
    }
}
