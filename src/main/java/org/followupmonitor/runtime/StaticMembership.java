package org.followupmonitor.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The consumer group's static member id ({@code group.instance.id}, KIP-345) of one monitor instance: the host name
 * and a digest of the state directory's absolute path.
 *
 * <p>Why: after {@code kill -9} the killed instance stays a member of the group until its session times out
 * (45 s by default), and the restarted instance's first rebalance waits for it; a static member that comes back
 * under the same id takes its own place at once, without a rebalance. The id must stay the same across restarts of
 * one instance and differ between instances of a group: one running instance per state directory is enforced
 * ({@link DirectoryLock}), and the host name tells two machines' equal paths apart. Kafka Streams adds each stream
 * thread's number to it. A host whose name changes on each start (some containers) gains nothing, and loses
 * nothing either: its old member times out as a dynamic one would.
 */
final class StaticMembership {
    private StaticMembership() {
    }

    /** The id for an instance keeping its state in {@code stateDir} on this host. */
    static String id(Path stateDir) {
        return id(hostName(), stateDir);
    }

    static String id(String host, Path stateDir) {
        String path = stateDir.toAbsolutePath().normalize().toString();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            // Kafka accepts [a-zA-Z0-9._-] in the id; 12 bytes of digest keep it short and unique enough.
            return "followup-" + host.replaceAll("[^A-Za-z0-9._-]", "-") + "-"
                    + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "host" : env;
        }
    }
}
