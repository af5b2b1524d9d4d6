package org.fedvae.protocol.secagg;

import org.fedvae.protocol.proto.SecAggMessage;

/** Names of envelope bodies for error messages. */
final class Messages {

    private Messages() {}

    static String describe(SecAggMessage m) {
        return switch (m.getBodyCase()) {
            case ADVERTISE_KEYS -> "AdvertiseKeys";
            case KEY_LIST -> "KeyList";
            case SHARE_KEYS -> "ShareKeys";
            case ROUTED_SHARES -> "RoutedShares";
            case MASKED_INPUT -> "MaskedInput";
            case CONSISTENCY_CHECK_REQUEST -> "ConsistencyCheckRequest";
            case CONSISTENCY_CHECK_SIGNATURE -> "ConsistencyCheckSignature";
            case UNMASKING_REQUEST -> "UnmaskingRequest";
            case UNMASKING_RESPONSE -> "UnmaskingResponse";
            case ABORT -> "Abort";
            case BODY_NOT_SET -> "a message without a body";
        };
    }
}
