package org.fedvae.protocol.transport;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.ConsistencyCheckRequest;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.FederationComplete;
import org.fedvae.protocol.proto.KeyList;
import org.fedvae.protocol.proto.MaskedInput;
import org.fedvae.protocol.proto.ModelData;
import org.fedvae.protocol.proto.PlainUpdate;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.RoutedCiphertext;
import org.fedvae.protocol.proto.RoutedShares;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.SecAggRoundConfig;
import org.fedvae.protocol.proto.ShareCommitments;
import org.fedvae.protocol.proto.ShareKeys;
import org.fedvae.protocol.proto.TensorShape;
import org.fedvae.protocol.proto.UnmaskingRequest;
import org.fedvae.protocol.proto.UnmaskingResponse;
import org.fedvae.protocol.secagg.RoundConfig;

/**
 * The size and element-count bound of every message type and field, checked on the wire bytes by
 * {@link BoundedWireScanner} before a frame is parsed: a frame that parses into far more heap
 * than it has bytes (16 MiB of empty repeated elements parse into hundreds of MiB) is refused
 * first. Only the model and the update vectors are large; every other message is small, and
 * every list holds at most one entry per cohort member (two per member where a member has two).
 *
 * <p>The bounds grow with n_max, the largest cohort a side takes part in ({@link TransportLimits#maxCohort}).
 * Lists of the whole cohort (the configuration, the key list, survivor and dropped sets) hold up to n_max entries;
 * lists of one neighbourhood (shares, commitments, routed ciphertexts, reveals, the signatures an unmasking request
 * carries) hold up to {@link #NEIGHBOURHOOD} entries, since with the sparse graph above 255 members a participant
 * deals only to its neighbours (PROTOCOL.md 3.1). So RoutedShares, quadratic in its list's length, stays bounded by
 * the neighbourhood's size, not the cohort's.
 *
 * <p>Rules, most specific first: a bound for the field, then for its message type, then the
 * defaults ({@link #DEFAULT_MESSAGE_BYTES}, {@link #DEFAULT_FIELD_BYTES},
 * {@link #defaultElements}), so a message type added later is small until it says otherwise.
 */
public final class MessageBounds {

    /** A message type without a bound of its own. */
    public static final int DEFAULT_MESSAGE_BYTES = 64 * 1024;
    /** A bytes or string field without a bound of its own: keys, signatures, ids, reasons. */
    public static final int DEFAULT_FIELD_BYTES = 4 * 1024;
    /**
     * The most holders of one participant's shares: a neighbourhood of the sparse graph (degree 254 plus itself), or
     * the whole cohort of the complete graph; Shamir shares in GF(2^8) allow no more.
     */
    public static final int NEIGHBOURHOOD = RoundConfig.MAX_COHORT;

    // Before PROTOCOL: static fields initialise in order.
    private static final Map<Integer, MessageBounds> BY_COHORT = new ConcurrentHashMap<>();

    /** The bounds for cohorts up to {@link TransportLimits#DEFAULT_MAX_COHORT}. */
    public static final MessageBounds PROTOCOL = forCohort(TransportLimits.DEFAULT_MAX_COHORT);

    private final int maxCohort;
    private final Map<Descriptor, Integer> messageBytes = new HashMap<>();
    private final Map<FieldDescriptor, Integer> fieldBytes = new HashMap<>();
    private final Map<FieldDescriptor, Integer> elements = new HashMap<>();

    private MessageBounds(int maxCohort) {
        this.maxCohort = maxCohort;
    }

    /** The bounds for cohorts of at most {@code maxCohort} members (n_max); built once per n_max. */
    public static MessageBounds forCohort(int maxCohort) {
        if (maxCohort < 1 || maxCohort > TransportLimits.LARGEST_MAX_COHORT) {
            throw new IllegalArgumentException(
                    "n_max must be in 1.." + TransportLimits.LARGEST_MAX_COHORT + ", got " + maxCohort);
        }
        return BY_COHORT.computeIfAbsent(maxCohort, MessageBounds::build);
    }

    /** n_max, the largest cohort these bounds admit. */
    public int maxCohort() {
        return maxCohort;
    }

    /** A repeated field without a bound of its own, and the unknown fields of one message: two per cohort member. */
    public int defaultElements() {
        return 2 * maxCohort;
    }

    private static MessageBounds build(int maxCohort) {
        MessageBounds b = new MessageBounds(maxCohort);
        int cohort = maxCohort;
        int hood = Math.min(maxCohort, NEIGHBOURHOOD);
        // Only the frame limit bounds these: the model, the update vectors, and what carries them.
        b.unbounded(Envelope.getDescriptor());
        b.unbounded(SecAggMessage.getDescriptor());
        b.unbounded(RoundStart.getDescriptor());
        b.unbounded(FederationComplete.getDescriptor());
        b.unbounded(ModelData.getDescriptor());
        b.unboundedField(ModelData.getDescriptor(), ModelData.VALUES_LE_F32_FIELD_NUMBER);
        b.unbounded(MaskedInput.getDescriptor());
        b.unboundedField(MaskedInput.getDescriptor(), MaskedInput.WORDS_LE_FIELD_NUMBER);
        b.unbounded(PlainUpdate.getDescriptor());
        b.unboundedField(PlainUpdate.getDescriptor(), PlainUpdate.WORDS_LE_FIELD_NUMBER);
        // Lists of cohort members, and the messages that hold them: about 100 to 200 bytes per member.
        b.elements(RoundStart.getDescriptor(), RoundStart.COHORT_FIELD_NUMBER, cohort);
        b.elements(SecAggRoundConfig.getDescriptor(), SecAggRoundConfig.COHORT_FIELD_NUMBER, cohort);
        b.messageBytes(SecAggRoundConfig.getDescriptor(), 1024 * cohort);
        b.elements(KeyList.getDescriptor(), KeyList.ENTRIES_FIELD_NUMBER, cohort);
        b.messageBytes(KeyList.getDescriptor(), 1024 * cohort);
        b.elements(ShareKeys.getDescriptor(), ShareKeys.SHARES_FIELD_NUMBER, hood);
        b.messageBytes(ShareKeys.getDescriptor(), 1024 * hood);
        b.elements(RoutedShares.getDescriptor(), RoutedShares.CIPHERTEXTS_FIELD_NUMBER, hood);
        // Each routed ciphertext carries its dealer's signed commitments, one per holder: about 70 n^2 bytes (n: the
        // neighbourhood's size).
        b.elements(ShareCommitments.getDescriptor(), ShareCommitments.COMMITMENTS_FIELD_NUMBER, hood);
        b.messageBytes(ShareCommitments.getDescriptor(), 128 * hood);
        b.messageBytes(RoutedCiphertext.getDescriptor(), 1024 + 128 * hood);
        b.messageBytes(RoutedShares.getDescriptor(), (1024 + 128 * hood) * hood);
        b.elements(ConsistencyCheckRequest.getDescriptor(), ConsistencyCheckRequest.SURVIVORS_FIELD_NUMBER, cohort);
        // Survivor and dropped ids travel packed, up to 5 bytes each (6 unpacked): past the default field and message
        // bounds once the cohort has a few thousand members.
        int idList = Math.max(DEFAULT_FIELD_BYTES, 5 * cohort);
        b.fieldBytes(ConsistencyCheckRequest.getDescriptor(), ConsistencyCheckRequest.SURVIVORS_FIELD_NUMBER, idList);
        b.fieldBytes(UnmaskingRequest.getDescriptor(), UnmaskingRequest.SURVIVORS_FIELD_NUMBER, idList);
        b.fieldBytes(UnmaskingRequest.getDescriptor(), UnmaskingRequest.DROPPED_FIELD_NUMBER, idList);
        b.messageBytes(ConsistencyCheckRequest.getDescriptor(), Math.max(DEFAULT_MESSAGE_BYTES, 8 * cohort));
        b.elements(UnmaskingRequest.getDescriptor(), UnmaskingRequest.SURVIVORS_FIELD_NUMBER, cohort);
        b.elements(UnmaskingRequest.getDescriptor(), UnmaskingRequest.DROPPED_FIELD_NUMBER, cohort);
        b.elements(UnmaskingRequest.getDescriptor(), UnmaskingRequest.SIGNATURES_FIELD_NUMBER, hood);
        b.messageBytes(UnmaskingRequest.getDescriptor(), 1024 * cohort);
        b.elements(UnmaskingResponse.getDescriptor(), UnmaskingResponse.SELF_MASK_SHARES_FIELD_NUMBER, hood);
        b.elements(UnmaskingResponse.getDescriptor(), UnmaskingResponse.MASK_KEY_SHARES_FIELD_NUMBER, hood);
        b.messageBytes(UnmaskingResponse.getDescriptor(), 1024 * hood);
        // The model's layout: a few named tensors of a few dimensions each.
        b.elements(ModelData.getDescriptor(), ModelData.TENSORS_FIELD_NUMBER, 1024);
        b.elements(TensorShape.getDescriptor(), TensorShape.DIMS_FIELD_NUMBER, 8);
        b.fieldBytes(CohortEntry.getDescriptor(), CohortEntry.PARTICIPANT_ID_FIELD_NUMBER, ParticipantIds.MAX_LENGTH);
        // A participant certificate is about 500 bytes (the default bound); a CRL about 40 bytes per revocation.
        b.fieldBytes(RoundStart.getDescriptor(), RoundStart.REVOCATION_LIST_FIELD_NUMBER, 256 * 1024);
        return b;
    }

    private void unbounded(Descriptor type) {
        messageBytes.put(type, Integer.MAX_VALUE);
    }

    private void unboundedField(Descriptor type, int field) {
        fieldBytes.put(type.findFieldByNumber(field), Integer.MAX_VALUE);
    }

    private void messageBytes(Descriptor type, int max) {
        messageBytes.put(type, max);
    }

    private void fieldBytes(Descriptor type, int field, int max) {
        fieldBytes.put(type.findFieldByNumber(field), max);
    }

    private void elements(Descriptor type, int field, int max) {
        elements.put(type.findFieldByNumber(field), max);
    }

    /** The most bytes one encoded {@code type} may take. */
    int maxBytes(Descriptor type) {
        return messageBytes.getOrDefault(type, DEFAULT_MESSAGE_BYTES);
    }

    /** The most bytes one value of a length-delimited field may take (a submessage: its type's bound). */
    int maxBytes(FieldDescriptor field) {
        Integer own = fieldBytes.get(field);
        if (own != null) {
            return own;
        }
        return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                ? maxBytes(field.getMessageType())
                : DEFAULT_FIELD_BYTES;
    }

    /** The most elements a repeated field may hold in one message. */
    int maxElements(FieldDescriptor field) {
        return elements.getOrDefault(field, defaultElements());
    }
}
