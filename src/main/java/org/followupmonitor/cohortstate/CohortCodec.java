package org.followupmonitor.cohortstate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * counts: see {@link CohortState}) and the values of {@code cohort-subjects} (subject entries, and the labels they
 * name by number: {@link Labels}). Internal topics and stores are read only by this application, so a schema registry
 * buys nothing there (the README argues the choice against Avro).
 *
 * <p>Format 5 (written): every value starts with one byte, its format version. Integers are varints (7 bits a byte,
 * low first; "signed" ones zigzag-coded first, so small magnitudes take one byte), strings are their UTF-8 bytes after
 * their length (a varint), and a label is a varint code: 1 and up, the label of that code in the value's table; 0, the
 * label spelled out (length and UTF-8) right after.
 * <ul>
 *   <li>block of counts: width in days (u8), counts per day (u8), the number of non-zero days (u8), then each such
 *       day: its index in the block (u8) and its counts (signed varints: the causes', then the censored);</li>
 *   <li>delta: analysis (2-byte length and modified UTF-8), source (varint), flags (u8: 1 reset, 2 last, 4 clock
 *       changed, 8 clock present, 16 range present, 32 range bounded above), input offset (signed varint, -1
 *       unknown), the delta's label table (varint count, strings: code i is the i-th), blocks (varint count; each
 *       group, stratum (labels), index (varint), block of counts as above without the version byte), exclusions
 *       (varint count; each flag (label), count (varint)), clock when present (2-byte length and modified UTF-8, ISO
 *       date), subjects (varint count; each subject hash (2-byte length and modified UTF-8), present (u8), entry as
 *       below, with the delta's labels); then, with flag 16, the range of a ranged reset ({@link CohortDelta.Range}):
 *       its start (string), and with flag 32 its end (string). The range came after the first format-5 builds
 *       and is added within format 5 on purpose: their reader ignores flag bits it does not know and bytes after the
 *       subjects, so it reads a ranged record as the same delta without its range, and a ranged reset as a reset of
 *       its own kind (the first record drops the source, the others add to it), which ends in the same state; a
 *       record without flag 16 is byte for byte what those builds wrote, and reads as a delta without a range.
 *       Flag 64, the caught-up mark ({@link CohortDelta#caughtUp}), came later still, within format 5 for the same
 *       reason: a reader without it ignores the bit and reads the same delta without the mark (its cohort stage then
 *       waits for the mark no longer than the reset wait, {@code CoxFitting#RESET_WAIT}), and a record without it is
 *       what the builds before wrote;</li>
 *   <li>subject entry: flags (u8: 1 row, 2 follow-up, 4 cut history, 8 follow-up dead); row: time (varint), cause
 *       (varint; the event flag is cause 1), group, stratum (labels), factors (varint count; name and level, labels),
 *       numbers (varint count; name (label), double), switch days (varint count; name (label), day (signed));
 *       follow-up: start (signed, epoch day), last contact minus start (signed); cut history: varint count, each day
 *       (signed: the first an epoch day, the next the days since the one before), row (varint: 0 none, else 2 ×
 *       time + 1, + 1 for an event) and for a row its group and stratum (labels). In {@code cohort-subjects} the labels
 *       are the analysis' table, whose label {@code c} is the store entry {@link CohortKeys#label}: version byte then
 *       the label's UTF-8 bytes.</li>
 * </ul>
 * Formats 2 to 4 (read): big-endian {@link DataOutputStream}, strings as modified UTF-8 with a 2-byte length, booleans
 * one byte, every label spelled out:
 * <ul>
 *   <li>block of counts: width in days (u8), counts per day (u8, version 4; before: 2), the number of non-zero days
 *       (u8), then each such day: its index in the block (u8) and its counts (int each);</li>
 *   <li>delta: analysis (UTF), source (int), reset, last (booleans), input offset (long), blocks (int count; each
 *       group, stratum (UTF), index (int), block of counts as above), exclusions (int count; each flag (UTF), count
 *       (int)), clock changed (boolean), clock (boolean present, UTF ISO date), subjects (int count; each subject hash
 *       (UTF), present (boolean), entry as below);</li>
 *   <li>subject entry: row (boolean present; time (int), event (boolean), cause (u8, version 4; before: the event
 *       flag), group, stratum (UTF), factors (int count, UTF pairs), numbers (int count, UTF and double), switch days
 *       (int count, UTF and int; version 3 and later)), follow-up (boolean present; start, last contact (long epoch
 *       days), dead (boolean)), cut history (boolean present; int count; each day, time (int) and, when time &gt;= 0,
 *       event (boolean), group, stratum (UTF)).</li>
 * </ul>
 * Evolution: this build writes {@link #VERSION} and reads every version from {@link #OLDEST} on, giving an older
 * record the values it meant, so the stores and topics of the builds that wrote formats 2 to 4 are read as they are
 * (a store then holds entries of both formats until each subject is written again). Version 1 (before cut
 * histories) is rejected with a message naming the versions read: a store that old needs a fresh application id.
 */
public final class CohortCodec {
    /**
     * The format written. 2: subject entries carry a cut history (version 1 had none). 3: a subject row's switch days
     * (time-varying Cox covariates) follow its numbers; version 2 records have none. 4: a block of counts says how
     * many counts a day has (competing causes), and a subject row its cause; older records have two counts a day and
     * the cause of their event flag. 5: varints, and labels by number (a delta's own table; in {@code cohort-subjects}
     * a table per analysis kept in the store): a subject entry takes about a third of its format-4 bytes.
     */
    static final byte VERSION = 5;
    /** The oldest format this build reads. */
    static final byte OLDEST = 2;

    private CohortCodec() {}

    /** The repartition topic's values. */
    public static Serde<CohortDelta> deltas() {
        return serde(CohortCodec::writeDelta, CohortCodec::readDelta, "cohort delta");
    }

    private interface Writer<T> {
        void write(DataOutputStream out, T value) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in, int version) throws IOException;
    }

    private static <T> Serde<T> serde(Writer<T> writer, Reader<T> reader, String what) {
        Serializer<T> ser = (topic, value) -> value == null ? null : encode(writer, value, what);
        Deserializer<T> de = (topic, data) -> data == null ? null : decode(reader, data, what);
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(ser, de);
    }

    private static <T> byte[] encode(Writer<T> writer, T value, String what) {
        Sink bytes = new Sink(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out, value);
        } catch (IOException e) {
            throw new SerializationException("cannot encode a " + what, e);
        }
        return bytes.toByteArray();
    }

    private static <T> T decode(Reader<T> reader, byte[] data, String what) {
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
    }

    /** A {@code cohort-subjects} entry's value, its labels numbered in the analysis' table (which may grow). */
    static byte[] encodeEntry(SubjectEntry entry, Labels labels) {
        return encode((out, e) -> writeEntry(out, e, labels), entry, "subject entry");
    }

    /**
     * A {@code cohort-subjects} entry from its value: format 5 with the analysis' labels, or an older format.
     *
     * @throws SerializationException naming what is wrong: version, truncation, an unknown label
     */
    static SubjectEntry decodeEntry(byte[] data, Labels labels) {
        return decode((in, version) -> version >= 5 ? readEntry(in, labels) : readEntry(in, version), data,
                "subject entry");
    }

    /** A label of an analysis' table in {@code cohort-subjects}: the version byte, then its UTF-8 bytes. */
    static byte[] encodeLabel(String label) {
        byte[] text = label.getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[text.length + 1];
        value[0] = VERSION;
        System.arraycopy(text, 0, value, 1, text.length);
        return value;
    }

    /** A label from its {@code cohort-subjects} value ({@link #encodeLabel}); labels exist from format 5 on. */
    static String decodeLabel(byte[] value) {
        if (value.length == 0 || value[0] < 5 || value[0] > VERSION) {
            throw new SerializationException("unknown label format version " + (value.length == 0 ? "(empty)" : value[0])
                    + " (this build reads 5 to " + VERSION + ")");
        }
        return new String(value, 1, value.length - 1, StandardCharsets.UTF_8);
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

        @Override
        public int available() {
            return buf.length - pos;
        }
    }

    /** The cohort-state store's values: a block's counts, sparse (most days of a block are empty). */
    public static Serde<int[]> blockCounts() {
        return serde(CohortCodec::writeBlockCounts, CohortCodec::readBlockCounts, "block of counts");
    }

    private static final int RESET = 1;
    private static final int LAST = 2;
    private static final int CLOCK_CHANGED = 4;
    private static final int CLOCK_PRESENT = 8;
    /** Within format 5, added after its first builds (which ignore both bits and the bounds after the subjects). */
    private static final int RANGE = 16;
    private static final int RANGE_BOUNDED = 32;
    /** The caught-up mark ({@link CohortDelta#caughtUp}): like the range, added within format 5 (class comment). */
    private static final int CAUGHT_UP = 64;

    /**
     * Format 5: the labels of the blocks, exclusions and entries are numbered in a table of the delta's own, written
     * after the header, so the body is encoded first.
     */
    static void writeDelta(DataOutputStream out, CohortDelta d) throws IOException {
        Labels labels = new Labels(Integer.MAX_VALUE);
        Sink body = new Sink(256);
        try (DataOutputStream b = new DataOutputStream(body)) {
            writeVarint(b, d.blocks().size());
            for (CohortDelta.Block block : d.blocks()) {
                writeLabel(b, block.group(), labels);
                writeLabel(b, block.stratum(), labels);
                writeVarint(b, block.index());
                writeBlockCounts(b, block.counts());
            }
            writeVarint(b, d.exclusions().size());
            for (CohortDelta.Exclusion x : d.exclusions()) {
                writeLabel(b, x.flag(), labels);
                writeVarint(b, x.count());
            }
            if (d.clock() != null) {
                b.writeUTF(d.clock());
            }
            writeVarint(b, d.subjects().size());
            for (CohortDelta.Subject s : d.subjects()) {
                b.writeUTF(s.subject());
                b.writeByte(s.entry() != null ? 1 : 0);
                if (s.entry() != null) {
                    writeEntry(b, s.entry(), labels);
                }
            }
        }
        out.writeUTF(d.analysis());
        writeVarint(out, d.source());
        CohortDelta.Range range = d.range();
        out.writeByte((d.reset() ? RESET : 0) | (d.last() ? LAST : 0) | (d.clockChanged() ? CLOCK_CHANGED : 0)
                | (d.clock() != null ? CLOCK_PRESENT : 0) | (range != null ? RANGE : 0)
                | (range != null && range.to() != null ? RANGE_BOUNDED : 0) | (d.caughtUp() ? CAUGHT_UP : 0));
        writeSigned(out, d.inputOffset());
        writeVarint(out, labels.size());
        for (int c = 1; c <= labels.size(); c++) {
            writeString(out, labels.label(c));
        }
        byte[] bytes = body.toByteArray();
        out.write(bytes);
        if (range != null) {
            // Trailing, so that a reader that does not know ranges stops before them.
            writeString(out, range.from());
            if (range.to() != null) {
                writeString(out, range.to());
            }
        }
    }

    static CohortDelta readDelta(DataInputStream in, int version) throws IOException {
        if (version < 5) {
            return readDeltaBefore5(in, version);
        }
        String analysis = in.readUTF();
        int source = readInt(in);
        int flags = in.readUnsignedByte();
        long offset = readSigned(in);
        Labels labels = new Labels(Integer.MAX_VALUE);
        int n = varCount(in);
        for (int c = 1; c <= n; c++) {
            labels.restore(c, readString(in));
        }
        n = varCount(in);
        List<CohortDelta.Block> blocks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            blocks.add(new CohortDelta.Block(readLabel(in, labels), readLabel(in, labels), readInt(in),
                    readBlockCounts(in, 5)));
        }
        n = varCount(in);
        List<CohortDelta.Exclusion> exclusions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            exclusions.add(new CohortDelta.Exclusion(readLabel(in, labels), readInt(in)));
        }
        String clock = (flags & CLOCK_PRESENT) != 0 ? in.readUTF() : null;
        n = varCount(in);
        List<CohortDelta.Subject> subjects = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String subject = in.readUTF();
            subjects.add(new CohortDelta.Subject(subject, in.readUnsignedByte() != 0 ? readEntry(in, labels) : null));
        }
        CohortDelta.Range range = null;
        if ((flags & RANGE) != 0) {
            String from = readString(in);
            range = new CohortDelta.Range(from, (flags & RANGE_BOUNDED) != 0 ? readString(in) : null);
        }
        return new CohortDelta(analysis, source, (flags & RESET) != 0, (flags & LAST) != 0, offset, blocks,
                exclusions, (flags & CLOCK_CHANGED) != 0, clock, subjects, range, (flags & CAUGHT_UP) != 0);
    }

    private static CohortDelta readDeltaBefore5(DataInputStream in, int version) throws IOException {
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

    /**
     * Non-zero days only: the block's days and counts per day, the number of non-zero days, then each as (day in
     * block, its counts: events then censored, or the causes' events then censored; signed varints).
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
                    writeSigned(out, counts[d * stride + i]);
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
                counts[stride * d + j] = version >= 5 ? Math.toIntExact(readSigned(in)) : in.readInt();
            }
        }
        return counts;
    }

    private static final int ROW = 1;
    private static final int FOLLOW_UP = 2;
    private static final int CUTS = 4;
    private static final int DEAD = 8;

    /** Format 5, labels numbered in {@code labels} (which may grow). */
    static void writeEntry(DataOutputStream out, SubjectEntry e, Labels labels) throws IOException {
        SubjectRow r = e.row();
        FollowUpRecord f = e.followUp();
        CutHistory h = e.cuts();
        out.writeByte((r != null ? ROW : 0) | (f != null ? FOLLOW_UP : 0) | (h != null ? CUTS : 0)
                | (f != null && f.dead() ? DEAD : 0));
        if (r != null) {
            writeVarint(out, r.timeDays());
            writeVarint(out, r.cause());
            writeLabel(out, r.group(), labels);
            writeLabel(out, r.stratum(), labels);
            writeVarint(out, r.factors().size());
            for (Map.Entry<String, String> x : r.factors().entrySet()) {
                writeLabel(out, x.getKey(), labels);
                writeLabel(out, x.getValue(), labels);
            }
            writeVarint(out, r.numbers().size());
            for (Map.Entry<String, Double> x : r.numbers().entrySet()) {
                writeLabel(out, x.getKey(), labels);
                out.writeDouble(x.getValue());
            }
            writeVarint(out, r.switches().size());
            for (Map.Entry<String, Integer> x : r.switches().entrySet()) {
                writeLabel(out, x.getKey(), labels);
                writeSigned(out, x.getValue());
            }
        }
        if (f != null) {
            writeSigned(out, f.start().toEpochDay());
            writeSigned(out, f.lastContact().toEpochDay() - f.start().toEpochDay());
        }
        if (h != null) {
            int[] days = h.days();
            int[] times = h.times();
            boolean[] events = h.events();
            String[] groups = h.groups();
            String[] strata = h.strata();
            writeVarint(out, days.length);
            for (int i = 0; i < days.length; i++) {
                writeSigned(out, i == 0 ? days[0] : (long) days[i] - days[i - 1]);
                writeVarint(out, times[i] < 0 ? 0 : 2L * times[i] + 1 + (events[i] ? 1 : 0));
                if (times[i] >= 0) {
                    writeLabel(out, groups[i], labels);
                    writeLabel(out, strata[i], labels);
                }
            }
        }
    }

    /** Format 5, labels from {@code labels}. */
    static SubjectEntry readEntry(DataInputStream in, Labels labels) throws IOException {
        int flags = in.readUnsignedByte();
        if (flags > (ROW | FOLLOW_UP | CUTS | DEAD)) {
            throw new IOException("unknown entry flags " + flags);
        }
        SubjectRow row = null;
        if ((flags & ROW) != 0) {
            int time = readInt(in);
            int cause = readInt(in);
            String group = readLabel(in, labels);
            String stratum = readLabel(in, labels);
            int n = varCount(in);
            Map<String, String> factors = new HashMap<>();
            for (int i = 0; i < n; i++) {
                factors.put(readLabel(in, labels), readLabel(in, labels));
            }
            n = varCount(in);
            Map<String, Double> numbers = new HashMap<>();
            for (int i = 0; i < n; i++) {
                numbers.put(readLabel(in, labels), in.readDouble());
            }
            n = varCount(in);
            Map<String, Integer> switches = new HashMap<>();
            for (int i = 0; i < n; i++) {
                switches.put(readLabel(in, labels), Math.toIntExact(readSigned(in)));
            }
            row = new SubjectRow(time, cause == 1, group, stratum, factors, numbers, switches, cause);
        }
        FollowUpRecord followUp = null;
        if ((flags & FOLLOW_UP) != 0) {
            long start = readSigned(in);
            followUp = new FollowUpRecord(LocalDate.ofEpochDay(start), LocalDate.ofEpochDay(start + readSigned(in)),
                    (flags & DEAD) != 0);
        }
        CutHistory cuts = null;
        if ((flags & CUTS) != 0) {
            int n = varCount(in);
            int[] days = new int[n];
            int[] times = new int[n];
            boolean[] events = new boolean[n];
            String[] groups = new String[n];
            String[] strata = new String[n];
            for (int i = 0; i < n; i++) {
                long step = readSigned(in);
                days[i] = Math.toIntExact(i == 0 ? step : days[i - 1] + step);
                long t = readVarint(in);
                if (t > 0) {
                    times[i] = Math.toIntExact((t - 1) >> 1);
                    events[i] = ((t - 1) & 1) != 0;
                    groups[i] = readLabel(in, labels);
                    strata[i] = readLabel(in, labels);
                } else {
                    times[i] = -1;
                }
            }
            cuts = new CutHistory(days, times, events, groups, strata);
        }
        return new SubjectEntry(row, followUp, cuts);
    }

    private static SubjectEntry readEntry(DataInputStream in, int version) throws IOException {
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

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** An item count of formats 2 to 4. */
    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative item count " + n);
        }
        return n;
    }

    /** An item count of format 5: every item takes at least a byte, so a count past the bytes left is corrupt. */
    private static int varCount(DataInputStream in) throws IOException {
        int n = readInt(in);
        if (n > in.available()) {
            throw new IOException("a count of " + n + " items in a value with " + in.available() + " bytes left");
        }
        return n;
    }

    private static void writeLabel(DataOutputStream out, String label, Labels labels) throws IOException {
        int code = labels.codeOf(label);
        writeVarint(out, code);
        if (code == 0) {
            writeString(out, label);
        }
    }

    private static String readLabel(DataInputStream in, Labels labels) throws IOException {
        int code = readInt(in);
        if (code == 0) {
            return readString(in);
        }
        try {
            return labels.label(code);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeVarint(out, bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = readInt(in);
        if (n < 0 || n > in.available()) {
            throw new IOException("a string of " + n + " bytes in a value with " + in.available() + " left");
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Unsigned LEB128: 7 bits a byte, least significant first, the high bit set on all but the last byte. */
    static void writeVarint(DataOutputStream out, long v) throws IOException {
        if (v < 0) {
            throw new IOException("a varint is not negative: " + v);
        }
        while (v >= 0x80) {
            out.writeByte((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarint(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return v;
            }
        }
        throw new IOException("a varint longer than 9 bytes");
    }

    /** Zigzag: 0, -1, 1, -2, ... as 0, 1, 2, 3, ..., then a varint (protobuf's sint64). */
    static void writeSigned(DataOutputStream out, long v) throws IOException {
        long z = (v << 1) ^ (v >> 63);
        if (z < 0) {
            throw new IOException("a signed varint out of range: " + v);
        }
        writeVarint(out, z);
    }

    static long readSigned(DataInputStream in) throws IOException {
        long z = readVarint(in);
        return (z >>> 1) ^ -(z & 1);
    }

    /** A non-negative varint that fits an int. */
    private static int readInt(DataInputStream in) throws IOException {
        long v = readVarint(in);
        if (v > Integer.MAX_VALUE) {
            throw new IOException("a number out of range: " + v);
        }
        return (int) v;
    }
}
