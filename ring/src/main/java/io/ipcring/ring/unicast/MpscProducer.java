package io.ipcring.ring.unicast;

import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.ClaimRepairedException;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.ring.internal.EndpointLifecycle;
import io.ipcring.ring.internal.FileWatch;
import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One producer of an {@link MpscRing}. Lock-free: producers reserve space with a compare-and-set
 * on the claim position (a failed CAS means another producer progressed). Each producer owns a
 * slot in the ring's slot table and, before each CAS, writes there the position and length it
 * is claiming, so the consumer can find the owner of a claim that never gets committed.
 *
 * <p>After the CAS the producer writes the wrap padding if the record does not fit before the
 * end, then the payload, and at commit the real header with one release store: the record's
 * header word stays 0 until then, and the consumer, which reads that word, learns a stuck
 * claim's extent from the producer's slot. Abort turns the record into padding. When the ring
 * has a stuck-claim timeout, the header first goes to type 0 and length {@code -recordLength}
 * ("being written") and every header write is a compare-and-set from the value this producer
 * wrote, so a claim the consumer repaired is detected ({@link ClaimRepairedException}) instead of
 * overwriting the repair.
 *
 * <p>Batches: one CAS claims the whole batch (after the wrap padding, never across the wrap),
 * and the slot covers it all. The first record's header is the batch's one header that stays
 * 0, or becomes the in-flight mark, until the commit, and that mark's length is the whole
 * batch's ({@code -extent}); the commit stores the headers of records 1..N-1 with plain stores,
 * then settles the first header (release store or CAS) last. So the consumer, which reads the
 * records in order and stops at an uncommitted first header, reaches none of them before the
 * first header, and its acquire of it makes the others visible; and a batch whose producer died
 * (or, with the timeout, stalled) is repaired as one claim: one padding over the slot's whole
 * claim, or over the mark's length.
 */
final class MpscProducer implements RingProducer, Waiter.Condition {
    private final RingFile file;
    private final FileWatch watch;
    private final MappedMemory memory;
    private final ByteBuffer buffer;
    private final String uri;
    private final Consumer<AutoCloseable> onClose;
    private final int capacity;
    private final int mask;
    private final int dataOffset;
    private final int maxMessageLength;
    private final boolean checkedCommits;
    private final int slotOffset;
    private final long owner;
    private final Waiter waiter;
    private final EndpointLifecycle lifecycle;
    private final FutexSignal consumerSignal;

    private long cachedHead;
    private int pendingIndex = NO_CLAIM;
    private int pendingHeaderOffset;
    /** The ring position of the pending record's header. */
    private long pendingPosition;
    private long pendingInFlight;
    private int pendingType;
    private int pendingPayloadLength;
    private int waitLength;
    /** Records in the pending batch claim; 0 while the pending claim (if any) is a single one. */
    private int pendingCount;
    private final int maxBatchLength;

    /**
     * Attaches as a producer, taking a free slot (or one whose owner died and whose last claim
     * was settled).
     *
     * @param file     the ring file
     * @param identity the process recorded as the slot's owner
     * @param strategy how blocking calls wait
     * @param uri      the channel URI or path reported by {@link #uri()}
     * @param onClose  told once when this producer closes
     * @throws RingSlotsTakenException when every slot is taken
     */
    MpscProducer(RingFile file, ProcessIdentity identity, WaitStrategy strategy, String uri, Consumer<AutoCloseable> onClose) {
        this.file = file;
        this.watch = file.watch();
        this.memory = file.memory();
        this.buffer = memory.buffer();
        this.uri = uri;
        this.onClose = onClose;
        RingLayout layout = file.layout();
        this.capacity = layout.capacity();
        this.mask = capacity - 1;
        this.dataOffset = layout.dataOffset();
        this.maxMessageLength = layout.maxMessageLength();
        this.checkedCommits = layout.stuckClaimTimeoutNanos() > 0;
        this.maxBatchLength = layout.maxBatchLength();
        this.waiter = new Waiter(strategy, Waiter.producerSignal(memory));
        this.consumerSignal = Waiter.consumerSignal(memory);
        this.lifecycle = EndpointLifecycle.guarded(uri + ": producer is closed", this::detach, waiter::wakeForClose);
        this.owner = identity.pack();
        // Acquire: pairs with the consumer's release store of head.
        this.cachedHead = memory.getLongAcquire(RingDescriptor.HEAD_OFFSET);
        this.slotOffset = takeSlot(layout.producerSlots());
    }

    private int takeSlot(int slots) {
        for (int i = 0; i < slots; i++) {
            int slot = RingDescriptor.producerSlotOffset(i);
            long current = memory.getLongVolatile(slot + RingDescriptor.SLOT_OWNER_OFFSET);
            boolean free = current == 0 || (!ProcessIdentity.isAlive(current) && settled(slot));
            // CAS: pairs with other attachers' CAS and with close(); one owner per slot.
            if (free && memory.compareAndSetLong(slot + RingDescriptor.SLOT_OWNER_OFFSET, current, owner)) {
                memory.putIntRelease(slot + RingDescriptor.SLOT_CLAIM_LENGTH_OFFSET, RingDescriptor.NO_CLAIM_LENGTH);
                return slot;
            }
        }
        throw new RingSlotsTakenException(file.name() + ": all producerSlots=" + slots + " are taken by live producers"
                + " (or by dead ones whose last claim the consumer has not passed yet); create the ring with more"
                + " producerSlots");
    }

    /** @return true when a slot's last claim is behind the head: committed or repaired */
    private boolean settled(int slot) {
        long position = memory.getLongAcquire(slot + RingDescriptor.SLOT_CLAIM_POSITION_OFFSET);
        int length = memory.getIntAcquire(slot + RingDescriptor.SLOT_CLAIM_LENGTH_OFFSET);
        return length <= RingDescriptor.NO_CLAIM_LENGTH || position + length <= cachedHead;
    }

    @Override
    public int tryClaim(int length, int type) {
        watch.tick();
        try {
            try {
                return watch.claimed(tryClaimNow(length, type));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private int tryClaimNow(int length, int type) {
        checkOpen();
        if (pendingIndex != NO_CLAIM) {
            throw new IllegalStateException(file.name() + ": a claim is pending at index=" + pendingIndex
                    + "; commit or abort it first");
        }
        int header = claim(length, type);
        if (header == NO_CLAIM) {
            return NO_CLAIM;
        }
        pendingIndex = header + MessageFrame.HEADER_LENGTH;
        return pendingIndex;
    }

    @Override
    public int tryClaim(int length, int type, long timeout, TimeUnit unit) throws InterruptedException {
        try {
            try {
                return watch.claimed(tryClaimNow(length, type, timeout, unit));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private int tryClaimNow(int length, int type, long timeout, TimeUnit unit) throws InterruptedException {
        int index = tryClaim(length, type);
        long deadline = Deadline.after(timeout, unit);
        while (index == NO_CLAIM) {
            waitLength = length;
            if (!waiter.await(this, deadline)) {
                return NO_CLAIM;
            }
            index = tryClaim(length, type);
        }
        return index;
    }

    @Override
    public ByteBuffer buffer() {
        return buffer;
    }

    @Override
    public void commit(int index) {
        watch.tick();
        try {
            try {
                commitNow(index);
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private void commitNow(int index) {
        checkPending(index);
        pendingIndex = NO_CLAIM;
        settle(Records.header(pendingPayloadLength, pendingType), Overwrite.BY_USER);
    }

    @Override
    public void abort(int index) {
        watch.tick();
        try {
            try {
                abortNow(index);
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private void abortNow(int index) {
        checkPending(index);
        abortPending();
    }

    private void abortPending() {
        pendingIndex = NO_CLAIM;
        settle(padding(), Overwrite.IGNORED);
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type) {
        watch.tick();
        try {
            try {
                return watch.succeeded(offerNow(src, offset, length, type));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private boolean offerNow(ByteBuffer src, int offset, int length, int type) {
        checkOffer(offset, length, type, Objects.requireNonNull(src, "src").limit());
        int header = claim(length, type);
        if (header == NO_CLAIM) {
            return false;
        }
        try {
            memory.putBytes(header + MessageFrame.HEADER_LENGTH, src, offset, length);
        } catch (RuntimeException | Error e) {
            abandon(e);
            throw e;
        }
        settle(Records.header(length, type), Overwrite.BY_ANOTHER_PROCESS);
        return true;
    }

    @Override
    public boolean offer(byte[] src, int offset, int length, int type) {
        watch.tick();
        try {
            try {
                return watch.succeeded(offerNow(src, offset, length, type));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private boolean offerNow(byte[] src, int offset, int length, int type) {
        checkOffer(offset, length, type, Objects.requireNonNull(src, "src").length);
        int header = claim(length, type);
        if (header == NO_CLAIM) {
            return false;
        }
        try {
            memory.putBytes(header + MessageFrame.HEADER_LENGTH, src, offset, length);
        } catch (RuntimeException | Error e) {
            abandon(e);
            throw e;
        }
        settle(Records.header(length, type), Overwrite.BY_ANOTHER_PROCESS);
        return true;
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException {
        try {
            try {
                return watch.succeeded(offerNow(src, offset, length, type, timeout, unit));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private boolean offerNow(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = Deadline.after(timeout, unit);
        while (!offer(src, offset, length, type)) {
            waitLength = length;
            if (!waiter.await(this, deadline)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reserves space for one record and writes the in-flight header (and the wrap padding):
     * {@link #reserve} of its aligned length.
     *
     * @return the header's index in the mapping, or {@link #NO_CLAIM} when full
     */
    private int claim(int length, int type) {
        MessageFrame.checkUserLength(length, maxMessageLength);
        MessageFrame.checkUserType(type);
        int header = reserve(MessageFrame.alignedRecordLength(length));
        if (header != NO_CLAIM) {
            pendingType = type;
            pendingPayloadLength = length;
        }
        return header;
    }

    /** Writes a header into freshly claimed (zeroed) space: wrap padding, or the in-flight mark of a repairable claim. */
    private void writeHeader(int offset, long value, long claim) {
        if (!checkedCommits) {
            // Release: pairs with the consumer's acquire load of the header.
            memory.putLongRelease(offset, value);
        } else if (!memory.compareAndSetLong(offset, 0, value)) {
            // CAS: pairs with the consumer's repair CAS; the consumer got there first.
            throw repaired(offset, memory.getLongVolatile(offset), claim);
        }
    }

    /** Who may have overwritten a pending record's header, which decides what a settle reports. */
    private enum Overwrite {
        /** An abort: the claim is given up whatever was written. */
        IGNORED,
        /** A commit: the user's zero-copy writes ran between claim and commit. */
        BY_USER,
        /** An offer: only this class wrote between claim and publish, so it was another process. */
        BY_ANOTHER_PROCESS
    }

    /**
     * Writes the pending record's final header (the message, or padding) over the value the
     * claim left there: 0, or the in-flight mark of a repairable claim. Any other value was
     * written by someone else: the consumer's repair after the stuck-claim timeout, the user's
     * zero-copy write outside the claim, or another process. Such a record is never published as
     * a message; it is turned into padding while the consumer has not passed it.
     *
     * @param value     the header to publish
     * @param overwrite who else may have written the header, for the report
     * @throws IllegalStateException   when a commit finds the header overwritten
     * @throws RingCorruptedException  when an offer finds it overwritten
     * @throws ClaimRepairedException  when the consumer repaired the claim after the timeout
     */
    private void settle(long value, Overwrite overwrite) {
        int header = pendingHeaderOffset;
        long expected = checkedCommits ? pendingInFlight : 0;
        if (!checkedCommits) {
            // Plain: between claim and commit nothing but this producer (and its user's writes)
            // changes the word: the consumer zeroed it before the head our claim was checked against.
            long found = memory.getLong(header);
            if (found == expected) {
                // Release: pairs with the consumer's acquire load of the header; payload first.
                memory.putLongRelease(header, value);
                consumerSignal.signal();
                return;
            }
            settleOverwritten(header, expected, found, overwrite);
            return;
        }
        // CAS: pairs with the consumer's repair CAS on the same header.
        if (!memory.compareAndSetLong(header, expected, value)) {
            long found = memory.getLongVolatile(header);
            if (found == padding() || passed()) {
                throw repaired(header, found, -1);
            }
            settleOverwritten(header, expected, found, overwrite);
            return;
        }
        consumerSignal.signal();
    }

    /**
     * The claim's header holds {@code found}, which neither this producer nor the consumer wrote:
     * turn the record into padding if the consumer has not passed it (then the ring goes on as
     * after an abort), and report it unless this is an abort that did not come too late.
     */
    private void settleOverwritten(int header, long expected, long found, Overwrite overwrite) {
        boolean passed = passed();
        // CAS: pairs with the consumer's acquire load of the header and its repair CAS; if the
        // consumer zeroed or repaired the word meanwhile, that stands.
        if (!passed && memory.compareAndSetLong(header, found, padding())) {
            consumerSignal.signal();
        }
        if (overwrite == Overwrite.BY_ANOTHER_PROCESS) {
            throw RingCorruption.corrupted(file.name(), "record at position=" + pendingPosition + ": " + String.format(Locale.ROOT, "its header at"
                    + " index=%d changed between claim and publish: expected 0x%016x, found 0x%016x (another process wrote"
                    + " into the ring)", header - dataOffset, expected, found));
        }
        if (overwrite == Overwrite.BY_USER || passed) {
            throw Records.headerOverwritten(file.name(), header, expected, found, passed);
        }
    }

    /** @return true when the consumer's head is past the pending record: it has read its header */
    private boolean passed() {
        // Acquire: pairs with the consumer's release store of head.
        return memory.getLongAcquire(RingDescriptor.HEAD_OFFSET) > pendingPosition;
    }

    /** @return the padding header that fills the pending record's whole length */
    private long padding() {
        int recordLength = -Records.length(pendingInFlight);
        return Records.header(recordLength - MessageFrame.HEADER_LENGTH, MessageFrame.PADDING_TYPE);
    }

    /** Gives up the claim whose payload copy failed; an abort's own failure goes with the copy's. */
    private void abandon(Throwable copyFailure) {
        try {
            settle(padding(), Overwrite.IGNORED);
        } catch (RuntimeException | Error e) {
            copyFailure.addSuppressed(e);
        }
    }

    private ClaimRepairedException repaired(int offset, long found, long claim) {
        return new ClaimRepairedException(file.name() + ": the claim at index=" + (offset - dataOffset)
                + (claim >= 0 ? " (position " + claim + ")" : "") + " was repaired by the consumer after the "
                + "stuck-claim timeout (" + file.layout().stuckClaimTimeoutNanos() + " ns); header is now type="
                + Records.type(found) + " length=" + Records.length(found) + "; the message is lost");
    }

    /**
     * Reads the head and validates it against the claim. A claim snapshot older than the head is
     * legitimate (other producers claimed, the consumer passed it): then the current claim must be
     * at or past the head, since it only grows and the head never passes it.
     *
     * @return the head, cached
     */
    private long refreshHead(long claim) {
        // Acquire: pairs with the consumer's release store of head after zeroing the space.
        long head = memory.getLongAcquire(RingDescriptor.HEAD_OFFSET);
        // Volatile: pairs with the producers' CAS; read after the head, so never older than it.
        long current = head > claim ? memory.getLongVolatile(RingDescriptor.CLAIM_OFFSET) : claim;
        if (head > current || current - head > capacity || head < 0
                || ((head | current) & (MessageFrame.ALIGNMENT - 1)) != 0) {
            throw RingCorruption.corrupted(file.name(), "positions inconsistent: head=" + head + " claim=" + current
                    + " capacity=" + capacity + " (need 0 <= head <= claim <= head + capacity, 8-aligned)");
        }
        cachedHead = head;
        return head;
    }

    /**
     * Room check for a blocked claim; volatile loads (see {@link Waiter}). A close ends the wait
     * too: the next claim throws.
     */
    @Override
    public boolean ready() {
        if (lifecycle.isClosed()) {
            return true;
        }
        long head = memory.getLongVolatile(RingDescriptor.HEAD_OFFSET);
        long claim = memory.getLongVolatile(RingDescriptor.CLAIM_OFFSET);
        int recordLength = MessageFrame.alignedRecordLength(waitLength);
        int toEnd = capacity - ((int) claim & mask);
        int required = recordLength <= toEnd ? recordLength : toEnd + recordLength;
        return claim + required - head <= capacity || head > claim;
    }

    private void checkPending(int index) {
        checkOpen();
        if (pendingIndex == NO_CLAIM || index != pendingIndex) {
            throw new IllegalStateException(file.name() + ": index=" + index + " is not the pending claim ("
                    + (pendingIndex == NO_CLAIM ? "none pending" : "pending index=" + pendingIndex) + ")");
        }
        if (pendingCount != 0) {
            throw new IllegalStateException(file.name() + ": index=" + index + " is a batch claim of count=" + pendingCount
                    + "; commitBatch or abortBatch it");
        }
    }

    /** Checks everything an offer is given, before anything shared is touched. */
    private void checkOffer(int offset, int length, int type, int sourceLength) {
        checkOpen();
        checkNoPending();
        MessageFrame.checkUserLength(length, maxMessageLength);
        MessageFrame.checkUserType(type);
        MessageFrame.checkUserRange(offset, length, sourceLength);
    }

    private void checkNoPending() {
        if (pendingIndex != NO_CLAIM) {
            throw new IllegalStateException(file.name() + ": a claim is pending at index=" + pendingIndex
                    + "; commit or abort it before offering");
        }
    }

    private void checkOpen() {
        lifecycle.enter();
    }

    @Override
    public int maxMessageLength() {
        return maxMessageLength;
    }

    @Override
    public int maxBatchCount(int length) {
        return Batches.maxCount(length, maxMessageLength, maxBatchLength);
    }

    @Override
    public int tryClaimBatch(int count, int length, int type) {
        watch.tick();
        try {
            try {
                return watch.claimed(tryClaimBatchNow(count, length, type));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private int tryClaimBatchNow(int count, int length, int type) {
        checkOpen();
        if (pendingIndex != NO_CLAIM) {
            throw new IllegalStateException(file.name() + ": a claim is pending at index=" + pendingIndex
                    + "; commit or abort it first");
        }
        int header = reserve(Batches.extent(count, length, type, maxMessageLength, maxBatchLength));
        if (header == NO_CLAIM) {
            return NO_CLAIM;
        }
        pendingType = type;
        pendingPayloadLength = length;
        pendingCount = count;
        pendingIndex = header + MessageFrame.HEADER_LENGTH;
        return pendingIndex;
    }

    @Override
    public int tryClaimBatch(int count, int length, int type, long timeout, TimeUnit unit) throws InterruptedException {
        try {
            try {
                return watch.claimed(tryClaimBatchNow(count, length, type, timeout, unit));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private int tryClaimBatchNow(int count, int length, int type, long timeout, TimeUnit unit) throws InterruptedException {
        int index = tryClaimBatch(count, length, type);
        long deadline = Deadline.after(timeout, unit);
        while (index == NO_CLAIM) {
            // ready() waits for room for a record of alignedRecordLength(waitLength) bytes: the
            // batch's extent (a multiple of 8) less a header is exactly that
            waitLength = count * MessageFrame.alignedRecordLength(length) - MessageFrame.HEADER_LENGTH;
            if (!waiter.await(this, deadline)) {
                return NO_CLAIM;
            }
            index = tryClaimBatch(count, length, type);
        }
        return index;
    }

    @Override
    public void commitBatch(int index) {
        watch.tick();
        try {
            try {
                commitBatchNow(index);
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private void commitBatchNow(int index) {
        checkPendingBatch(index);
        int count = pendingCount;
        pendingIndex = NO_CLAIM;
        pendingCount = 0;
        int first = pendingHeaderOffset;
        if (checkedCommits) {
            // Volatile: pairs with the consumer's repair CAS. A batch repaired already gets no
            // header written into space the consumer may have zeroed and freed since.
            long found = memory.getLongVolatile(first);
            if (found != pendingInFlight) {
                if (found == padding() || passed()) {
                    throw repaired(first, found, -1);
                }
                settleOverwritten(first, pendingInFlight, found, Overwrite.BY_USER);
            }
        }
        long value = Records.header(pendingPayloadLength, pendingType);
        int stride = MessageFrame.alignedRecordLength(pendingPayloadLength);
        for (int k = 1; k < count; k++) {
            int header = first + k * stride;
            // Plain load and store: the consumer reads this word only after the first record's
            // header, which settle() below publishes last (release store or CAS, pairing with
            // the consumer's acquire load of it); until then the word is 0 from the consumer's
            // zeroing, unless the user wrote outside the payloads.
            long found = memory.getLong(header);
            if (found != 0) {
                settle(padding(), Overwrite.IGNORED);
                throw Records.headerOverwritten(file.name(), header, 0, found, false);
            }
            memory.putLong(header, value);
        }
        settle(value, Overwrite.BY_USER);
    }

    @Override
    public void abortBatch(int index) {
        watch.tick();
        try {
            try {
                checkPendingBatch(index);
                pendingCount = 0;
                abortPending();
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    @Override
    public boolean offerBatch(ByteBuffer src, int offset, int count, int length, int type) {
        watch.tick();
        try {
            try {
                return watch.succeeded(offerBatchNow(src, offset, count, length, type));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private boolean offerBatchNow(ByteBuffer src, int offset, int count, int length, int type) {
        checkOpen();
        checkNoPending();
        int extent = Batches.extent(count, length, type, maxMessageLength, maxBatchLength);
        Batches.checkSource(offset, count, length, Objects.requireNonNull(src, "src").limit());
        int first = reserve(extent);
        if (first == NO_CLAIM) {
            return false;
        }
        int stride = MessageFrame.alignedRecordLength(length);
        long value = Records.header(length, type);
        try {
            memory.putBytes(first + MessageFrame.HEADER_LENGTH, src, offset, length);
            for (int k = 1; k < count; k++) {
                int header = first + k * stride;
                // Plain: published by settle()'s release store or CAS of the first header, as in commitBatchNow.
                memory.putLong(header, value);
                memory.putBytes(header + MessageFrame.HEADER_LENGTH, src, offset + k * length, length);
            }
        } catch (RuntimeException | Error e) {
            abandon(e);
            throw e;
        }
        settle(value, Overwrite.BY_ANOTHER_PROCESS);
        return true;
    }

    @Override
    public boolean offerBatch(ByteBuffer src, int offset, int[] lengths, int count, int type) {
        watch.tick();
        try {
            try {
                return watch.succeeded(offerBatchNow(src, offset, lengths, count, type));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private boolean offerBatchNow(ByteBuffer src, int offset, int[] lengths, int count, int type) {
        checkOpen();
        checkNoPending();
        int limit = Objects.requireNonNull(src, "src").limit();
        int extent = Batches.extent(offset, lengths, count, type, limit, maxMessageLength, maxBatchLength);
        int first = reserve(extent);
        if (first == NO_CLAIM) {
            return false;
        }
        long value;
        try {
            value = Batches.copy(memory, first, extent, src, offset, limit, lengths, count, type, maxMessageLength);
        } catch (RuntimeException | Error e) {
            abandon(e);
            throw e;
        }
        settle(value, Overwrite.BY_ANOTHER_PROCESS);
        return true;
    }

    /**
     * Reserves space for one record ({@link #claim}) or a batch's records with one CAS, and
     * writes the wrap padding and, in a ring with a stuck-claim timeout, the first header's
     * in-flight mark with the whole extent's length.
     *
     * @param extent the record's or the batch's bytes, at most {@link RingLayout#maxClaimLength()}
     * @return the first record header's index in the mapping, or {@link #NO_CLAIM} when full;
     *         sets the pending header offset, position and in-flight mark, so the single
     *         claim's settle, abort and repair checks cover the whole batch
     */
    private int reserve(int extent) {
        while (true) {
            // Volatile: pairs with other producers' CAS of the claim.
            long claim = memory.getLongVolatile(RingDescriptor.CLAIM_OFFSET);
            int index = (int) claim & mask;
            int toEnd = capacity - index;
            int required = extent <= toEnd ? extent : toEnd + extent;
            if (claim + required - cachedHead > capacity || claim < cachedHead
                    || (claim & (MessageFrame.ALIGNMENT - 1)) != 0) {
                long head = refreshHead(claim);
                if (head > claim) {
                    continue;  // our claim snapshot is stale: others claimed and the consumer passed it
                }
                if (claim + required - head <= capacity) {
                    continue;  // room now; re-read the claim and try
                }
                // Release: our own slot, read by the consumer's acquire loads; no claim of ours
                // is outstanding, so it must not cover anything.
                memory.putIntRelease(slotOffset + RingDescriptor.SLOT_CLAIM_LENGTH_OFFSET, RingDescriptor.NO_CLAIM_LENGTH);
                // Atomic add: the statistics counter every producer adds to.
                memory.getAndAddLong(RingDescriptor.FULL_EVENTS_OFFSET, 1);
                return NO_CLAIM;
            }
            // Release stores: the consumer must see our previous commit before this slot update
            // (it re-reads the header after the slot), and the CAS below orders them before the
            // claim becomes visible, so a claimed position is always covered by its owner's slot,
            // a batch's whole extent included.
            memory.putLongRelease(slotOffset + RingDescriptor.SLOT_CLAIM_POSITION_OFFSET, claim);
            memory.putIntRelease(slotOffset + RingDescriptor.SLOT_CLAIM_LENGTH_OFFSET, required);
            // CAS: pairs with the consumer's volatile load of the claim and other producers' CAS.
            if (memory.compareAndSetLong(RingDescriptor.CLAIM_OFFSET, claim, claim + required)) {
                if (extent > toEnd) {
                    writeHeader(dataOffset + index, Records.header(toEnd - MessageFrame.HEADER_LENGTH,
                            MessageFrame.PADDING_TYPE), claim);
                    index = 0;
                }
                int header = dataOffset + index;
                long inFlight = Records.header(-extent, 0);
                if (checkedCommits) {
                    // Only a repairable claim goes through "being written": its commit is a CAS
                    // from this value. Without a timeout the header stays 0 until the commit, one
                    // store less in the line the consumer is reading.
                    writeHeader(header, inFlight, claim);
                }
                pendingHeaderOffset = header;
                pendingPosition = extent > toEnd ? claim + toEnd : claim;
                pendingInFlight = inFlight;
                return header;
            }
        }
    }

    private void checkPendingBatch(int index) {
        checkOpen();
        if (pendingIndex == NO_CLAIM || index != pendingIndex || pendingCount == 0) {
            throw new IllegalStateException(file.name() + ": index=" + index + " is not the pending batch claim ("
                    + (pendingIndex == NO_CLAIM ? "none pending" : pendingCount == 0 ? "a single claim is pending at index="
                    + pendingIndex + ": commit or abort it" : "pending index=" + pendingIndex) + ")");
        }
    }

    @Override
    public String uri() {
        return uri;
    }

    /**
     * Aborts a pending claim, then frees the slot; callable from any thread. When another thread
     * may be inside a call, this is left to it (see {@link EndpointLifecycle}): its call in
     * progress ends normally, its next throws {@link ChannelClosedException}.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    /** Aborts a pending claim and frees the slot, unless the file was truncated under the mapping. */
    private void detach() {
        try {
            watch.unlessTruncated(() -> {
                if (pendingIndex != NO_CLAIM) {
                    abortPending();
                }
            });
        } finally {
            try {
                // CAS: pairs with takeSlot; leaves a takeover by another process alone.
                watch.unlessTruncated(() -> memory.compareAndSetLong(slotOffset + RingDescriptor.SLOT_OWNER_OFFSET, owner, 0));
            } finally {
                file.release();
                onClose.accept(this);
            }
        }
    }
}
