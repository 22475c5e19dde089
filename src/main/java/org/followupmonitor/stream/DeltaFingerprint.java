package org.followupmonitor.stream;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.followupmonitor.analysis.AnalysisDefinition;

/**
 * A digest of everything that decides what a timeline task's deltas contain and where they go, besides the stored
 * timelines themselves: the analysis definitions in order (rows, exclusions, subject entries, the analyses' dealing
 * over the cohort stage's partitions), the number of those partitions, and the application's own classes (how a
 * timeline is derived, the block layout, the subject hash, the internal codec). A timeline task resumes without a
 * reset only when the digest its last clean flush stored equals this one ({@link TimelineProcessor}).
 *
 * <p>Why the classes and not a version number kept by hand: a build that derives differently (a fixed bug, a new
 * field of a subject entry) must send every patient's contribution again, or the cohort stage keeps the old
 * derivations of the patients that do not change, and its results differ from the batch's; a number someone must
 * remember to change would be wrong the day they forget. The cost: any other build, even one that changes only a
 * comment's line count, resets once after its deployment; rebuilding the same sources gives the same class files
 * and no reset. Definitions are compared whole (a changed description or alert threshold resets too): comparing only
 * the parts that reach the deltas would need to know, and keep knowing, which parts those are.
 */
final class DeltaFingerprint {
    /** The application's classes: the digest of the code, computed once per process. */
    private static final String CODE = codeDigest();

    private DeltaFingerprint() {}

    /** The fingerprint of these analyses dealt over {@code cohortPartitions} partitions, with this build's classes. */
    static String of(List<AnalysisDefinition> analyses, int cohortPartitions) {
        MessageDigest sha = sha256();
        for (AnalysisDefinition a : analyses) {
            update(sha, "analysis " + a); // a record of records, lists, enum maps and enums: its text is its content
        }
        update(sha, "cohort partitions " + cohortPartitions);
        update(sha, "code " + CODE);
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    /**
     * A digest of the names and bytes of the classes under {@code org/followupmonitor/} where this class was loaded
     * from (the jar, or the classes directory of a build), in name order; a value unique to this process when they
     * cannot be read, so that nothing resumes on code it cannot identify.
     */
    private static String codeDigest() {
        MessageDigest sha = sha256();
        try {
            Path where = Path.of(DeltaFingerprint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(where)) {
                List<Path> classes;
                try (Stream<Path> all = Files.walk(where.resolve("org/followupmonitor"))) {
                    classes = new ArrayList<>(all.filter(p -> p.toString().endsWith(".class")).sorted().toList());
                }
                for (Path p : classes) {
                    update(sha, where.relativize(p).toString().replace('\\', '/'));
                    sha.update(Files.readAllBytes(p));
                }
            } else {
                try (JarFile jar = new JarFile(where.toFile())) {
                    List<JarEntry> classes = jar.stream()
                            .filter(e -> e.getName().startsWith("org/followupmonitor/") && e.getName().endsWith(".class"))
                            .sorted(java.util.Comparator.comparing(JarEntry::getName)).toList();
                    for (JarEntry e : classes) {
                        update(sha, e.getName());
                        try (InputStream in = jar.getInputStream(e)) {
                            sha.update(in.readAllBytes());
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unidentified " + java.util.UUID.randomUUID();
        }
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
