package org.followupmonitor.cohortstate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.followupmonitor.analysis.CutHistory;
import org.followupmonitor.analysis.FollowUpRecord;
import org.followupmonitor.analysis.SubjectRow;

/**
 * The one internal codec of the cohort state: the deltas on the {@code cohort-deltas} repartition topic, the values of
 * the {@code cohort-state} store (blocks of counts, and the exclusion, clock and pending markers as one row of two
 * counts: see {@link CohortState}) and the subject entries of {@code cohort-subjects}. Internal topics and stores are
 * read only by this application, so a schema registry buys nothing there (the README argues the choice against Avro).
 *
 * <p>Format (big-endian, {@link DataOutputStream}: strings as modified UTF-8 with a 2-byte length, booleans one byte):
 * every value starts with one byte, its format version, then
 * <ul>
 *   <li>block of counts: width in days (u8), counts per day (u8, version 4; before: 2), the number of non-zero days
 *       (u8), then each such day: its index in the block (u8) and its counts (int each: the causes', then the
 *       censored);</li>
 *   <li>delta: analysis (UTF), source (int), reset, last (booleans), input offset (long, -1 unknown), blocks (int
 *       count; each group, stratum (UTF), index (int), block of counts as above without the version byte),
 *       exclusions (int count; each flag (UTF), count (int)), clock changed (boolean), clock (boolean present, UTF ISO
 *       date), subjects (int count; each subject hash (UTF), present (boolean), entry as below);</li>
 *   <li>subject entry: row (boolean present; time (int), event (boolean), cause (u8, version 4; before: the event
 *       flag), group, stratum (UTF), factors (int count, UTF pairs), numbers (int count, UTF and double), switch days
 *       (int count, UTF and int; version 3 and later)), follow-up (boolean present; start, last contact (long epoch
 *       days), dead (boolean)), cut history (boolean present; int count; each day, time (int) and, when time &gt;= 0,
 *       event (boolean), group, stratum (UTF)).</li>
 * </ul>
 * Evolution: this build writes {@link #VERSION} and reads every version from {@link #OLDEST} on, giving an older
 * record the values it meant; a new version only appends or widens fields. Version 1 (before cut histories) is
 * rejected with a message naming the versions read: a store that old needs a fresh application id.
 */
public final class CohortCodec {
    /**
     * The format written. 2: subject entries carry a cut history (version 1 had none). 3: a subject row's switch days
     * (time-varying Cox covariates) follow its numbers; version 2 records have none. 4: a block of counts says how
     * many counts a day has (competing causes), and a subject row its cause; older records have two counts a day and
     * the cause of their event flag.
     */
    static final byte VERSION = 4;
    /** The oldest format this build reads. */
    static final byte OLDEST = 2;

    private CohortCodec() {}

    /** The repartition topic's values. */
    public static Serde<CohortDelta> deltas() {
        return serde(CohortCodec::writeDelta, CohortCodec::readDelta, "cohort delta");
    }

    /** The cohort-subjects store's values. */
    public static Serde<SubjectEntry> subjectEntries() {
        return serde(CohortCodec::writeEntry, CohortCodec::readEntry, "subject entry");
    }

    private interface Writer<T> {
        void write(DataOutputStream out, T value) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in, int version) throws IOException;
    }

    private static <T> Serde<T> serde(Writer<T> writer, Reader<T> reader, String what) {
        Serializer<T> ser = (topic, value) -> {
            if (value == null) {
                return null;
            }
            Sink bytes = new Sink(256);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(VERSION);
                writer.write(out, value);
            } catch (IOException e) {
                throw new SerializationException("cannot encode a " + what, e);
            }
            return bytes.toByteArray();
        };
        Deserializer<T> de = (topic, data) -> {
            if (data == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new Source(data))) {
                byte version = in.readByte();
                if (version < OLDEST || version > VERSION) {
                    throw new SerializationException("unknown " + what + " format version " + version
                            + " (this build reads " + OLDEST + " to " + VERSION + ")");
                }
                return reader.read(in, version);
            } catch (IOException | RuntimeException e) {
                if (e instanceof SerializationException s) {
                    throw s;
                }
                throw new SerializationException("cannot decode a " + what + ": " + e.getMessage(), e);
            }
        };
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(ser, de);
    }

    /**
     * Unsynchronized byte streams: {@code DataOutputStream} writes an int as four one-byte writes, and the JDK's
     * byte-array streams take a lock for each, which was most of the time spent encoding and decoding.
     */
    private static final class Sink extends java.io.OutputStream {
        private byte[] buf;
        private int count;

        Sink(int size) {
            buf = new byte[size];
        }

        @Override
        public void write(int b) {
            if (count == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (count + len > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(buf, count);
        }
    }

    private static final class Source extends java.io.InputStream {
        private final byte[] buf;
        private int pos;

        Source(byte[] buf) {
            this.buf = buf;
        }

        @Override
        public int read() {
            return pos < buf.length ? buf[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= buf.length) {
                return -1;
            }
            int n = Math.min(len, buf.length - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    static void writeDelta(DataOutputStream out, CohortDelta d) throws IOException {
        out.writeUTF(d.analysis());
        out.writeInt(d.source());
        out.writeBoolean(d.reset());
        out.writeBoolean(d.last());
        out.writeLong(d.inputOffset());
        out.writeInt(d.blocks().size());
        for (CohortDelta.Block b : d.blocks()) {
            out.writeUTF(b.group());
            out.writeUTF(b.stratum());
            out.writeInt(b.index());
            writeBlockCounts(out, b.counts());
        }
        out.writeInt(d.exclusions().size());
        for (CohortDelta.Exclusion x : d.exclusions()) {
            out.writeUTF(x.flag());
            out.writeInt(x.count());
        }
        out.writeBoolean(d.clockChanged());
        writeNullable(out, d.clock());
        out.writeInt(d.subjects().size());
        for (CohortDelta.Subject s : d.subjects()) {
            out.writeUTF(s.subject());
            out.writeBoolean(s.entry() != null);
            if (s.entry() != null) {
                writeEntry(out, s.entry());
            }
        }
    }

    static CohortDelta readDelta(DataInputStream in, int version) throws IOException {
        String analysis = in.readUTF();
        int source = in.readInt();
        boolean reset = in.readBoolean();
        boolean last = in.readBoolean();
        long offset = in.readLong();
        int n = count(in);
        List<CohortDelta.Block> blocks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            blocks.add(new CohortDelta.Block(in.readUTF(), in.readUTF(), in.readInt(), readBlockCounts(in, version)));
        }
        n = count(in);
        List<CohortDelta.Exclusion> exclusions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            exclusions.add(new CohortDelta.Exclusion(in.readUTF(), in.readInt()));
        }
        boolean clockChanged = in.readBoolean();
        String clock = readNullable(in);
        n = count(in);
        List<CohortDelta.Subject> subjects = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String subject = in.readUTF();
            subjects.add(new CohortDelta.Subject(subject, in.readBoolean() ? readEntry(in, version) : null));
        }
        return new CohortDelta(analysis, source, reset, last, offset, blocks, exclusions, clockChanged, clock, subjects);
    }

    /** The cohort-state store's values: a block's counts, sparse (most days of a block are empty). */
    public static Serde<int[]> blockCounts() {
        return serde(CohortCodec::writeBlockCounts, CohortCodec::readBlockCounts, "block of counts");
    }

    /**
     * Non-zero days only: the block's days and counts per day (version 4), the number of non-zero days, then each as
     * (day in block, its counts: events then censored, or the causes' events then censored).
     */
    static void writeBlockCounts(DataOutputStream out, int[] counts) throws IOException {
        // A block of days has (causes + 1) x BLOCK_DAYS counts; anything else (exclusions, the clock: one "day" of
        // two values) is read as pairs.
        int stride = counts.length % CohortDelta.BLOCK_DAYS == 0 && counts.length >= 2 * CohortDelta.BLOCK_DAYS
                ? counts.length / CohortDelta.BLOCK_DAYS : 2;
        if (counts.length % stride != 0 || counts.length / stride > 255) {
            throw new IOException("cannot encode " + counts.length + " counts as days of " + stride);
        }
        int width = counts.length / stride;
        int days = 0;
        for (int d = 0; d < width; d++) {
            if (anyAt(counts, d * stride, stride)) {
                days++;
            }
        }
        out.writeByte(width);
        out.writeByte(stride);
        out.writeByte(days);
        for (int d = 0; d < width; d++) {
            if (anyAt(counts, d * stride, stride)) {
                out.writeByte(d);
                for (int i = 0; i < stride; i++) {
                    out.writeInt(counts[d * stride + i]);
                }
            }
        }
    }

    private static boolean anyAt(int[] counts, int from, int stride) {
        for (int i = 0; i < stride; i++) {
            if (counts[from + i] != 0) {
                return true;
            }
        }
        return false;
    }

    static int[] readBlockCounts(DataInputStream in, int version) throws IOException {
        int width = in.readUnsignedByte();
        int stride = version >= 4 ? in.readUnsignedByte() : 2;
        if (stride < 2) {
            throw new IOException("a block with " + stride + " counts a day");
        }
        int days = in.readUnsignedByte();
        if (days > width) {
            throw new IOException("a block of " + width + " days lists " + days);
        }
        int[] counts = new int[stride * width];
        for (int i = 0; i < days; i++) {
            int d = in.readUnsignedByte();
            if (d >= width) {
                throw new IOException("day " + d + " outside a block of " + width);
            }
            for (int j = 0; j < stride; j++) {
                counts[stride * d + j] = in.readInt();
            }
        }
        return counts;
    }

    static void writeEntry(DataOutputStream out, SubjectEntry e) throws IOException {
        SubjectRow r = e.row();
        out.writeBoolean(r != null);
        if (r != null) {
            out.writeInt(r.timeDays());
            out.writeBoolean(r.event());
            out.writeByte(r.cause());
            out.writeUTF(r.group());
            out.writeUTF(r.stratum());
            out.writeInt(r.factors().size());
            for (Map.Entry<String, String> f : r.factors().entrySet()) {
                out.writeUTF(f.getKey());
                out.writeUTF(f.getValue());
            }
            out.writeInt(r.numbers().size());
            for (Map.Entry<String, Double> f : r.numbers().entrySet()) {
                out.writeUTF(f.getKey());
                out.writeDouble(f.getValue());
            }
            out.writeInt(r.switches().size());
            for (Map.Entry<String, Integer> f : r.switches().entrySet()) {
                out.writeUTF(f.getKey());
                out.writeInt(f.getValue());
            }
        }
        FollowUpRecord f = e.followUp();
        out.writeBoolean(f != null);
        if (f != null) {
            out.writeLong(f.start().toEpochDay());
            out.writeLong(f.lastContact().toEpochDay());
            out.writeBoolean(f.dead());
        }
        CutHistory h = e.cuts();
        out.writeBoolean(h != null);
        if (h != null) {
            int[] days = h.days();
            int[] times = h.times();
            boolean[] events = h.events();
            String[] groups = h.groups();
            String[] strata = h.strata();
            out.writeInt(days.length);
            for (int i = 0; i < days.length; i++) {
                out.writeInt(days[i]);
                out.writeInt(times[i]);
                if (times[i] >= 0) {
                    out.writeBoolean(events[i]);
                    out.writeUTF(groups[i]);
                    out.writeUTF(strata[i]);
                }
            }
        }
    }

    static SubjectEntry readEntry(DataInputStream in, int version) throws IOException {
        SubjectRow row = null;
        if (in.readBoolean()) {
            int time = in.readInt();
            boolean event = in.readBoolean();
            int cause = version >= 4 ? in.readUnsignedByte() : event ? 1 : 0;
            String group = in.readUTF();
            String stratum = in.readUTF();
            int n = count(in);
            Map<String, String> factors = new HashMap<>();
            for (int i = 0; i < n; i++) {
                factors.put(in.readUTF(), in.readUTF());
            }
            n = count(in);
            Map<String, Double> numbers = new HashMap<>();
            for (int i = 0; i < n; i++) {
                numbers.put(in.readUTF(), in.readDouble());
            }
            Map<String, Integer> switches = new HashMap<>();
            n = version >= 3 ? count(in) : 0;
            for (int i = 0; i < n; i++) {
                switches.put(in.readUTF(), in.readInt());
            }
            row = new SubjectRow(time, event, group, stratum, factors, numbers, switches, cause);
        }
        FollowUpRecord followUp = null;
        if (in.readBoolean()) {
            followUp = new FollowUpRecord(LocalDate.ofEpochDay(in.readLong()), LocalDate.ofEpochDay(in.readLong()),
                    in.readBoolean());
        }
        CutHistory cuts = null;
        if (in.readBoolean()) {
            int n = count(in);
            int[] days = new int[n];
            int[] times = new int[n];
            boolean[] events = new boolean[n];
            String[] groups = new String[n];
            String[] strata = new String[n];
            for (int i = 0; i < n; i++) {
                days[i] = in.readInt();
                times[i] = in.readInt();
                if (times[i] >= 0) {
                    events[i] = in.readBoolean();
                    groups[i] = in.readUTF();
                    strata[i] = in.readUTF();
                }
            }
            cuts = new CutHistory(days, times, events, groups, strata);
        }
        return new SubjectEntry(row, followUp, cuts);
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative item count " + n);
        }
        return n;
    }
}
