package org.fedvae.protocol.fuzz;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * One fuzz input, concrete enough to replay without the generator that made it, with a one-line
 * text form for the corpus files:
 *
 * <pre>
 * frame SIDE HANDSHAKE CHUNK,CHUNK,...          SIDE server|client; HANDSHAKE 1 = a valid Hello/Welcome first
 * coordinator STAGE SENDER AUTH MESSAGE         MESSAGE replaces SENDER's STAGE message; AUTH 1 = sender_id forced to SENDER
 * participant STAGE TARGET REPLACE MESSAGE      MESSAGE replaces (1) or follows (0) the coordinator message TARGET answers with STAGE
 * </pre>
 * Byte strings are lower-case hex; "-" stands for none.
 */
public record FuzzInput(Kind kind, String side, SecAggStage stage, int party, boolean flag, List<byte[]> data) {

    public enum Kind {
        FRAME,
        COORDINATOR,
        PARTICIPANT
    }

    private static final HexFormat HEX = HexFormat.of();

    public static FuzzInput frame(boolean server, boolean handshakeFirst, List<byte[]> chunks) {
        return new FuzzInput(Kind.FRAME, server ? "server" : "client", null, 0, handshakeFirst, chunks);
    }

    public static FuzzInput coordinator(SecAggStage stage, int sender, boolean authenticated, byte[] message) {
        return new FuzzInput(Kind.COORDINATOR, null, stage, sender, authenticated, List.of(message));
    }

    public static FuzzInput participant(SecAggStage stage, int target, boolean replace, byte[] message) {
        return new FuzzInput(Kind.PARTICIPANT, null, stage, target, replace, List.of(message));
    }

    public String toLine() {
        StringBuilder sb = new StringBuilder();
        switch (kind) {
            case FRAME ->
                sb.append("frame ")
                        .append(side)
                        .append(' ')
                        .append(flag ? 1 : 0)
                        .append(' ');
            case COORDINATOR ->
                sb.append("coordinator ")
                        .append(stage)
                        .append(' ')
                        .append(Integer.toUnsignedString(party))
                        .append(' ')
                        .append(flag ? 1 : 0)
                        .append(' ');
            case PARTICIPANT ->
                sb.append("participant ")
                        .append(stage)
                        .append(' ')
                        .append(party)
                        .append(' ')
                        .append(flag ? 1 : 0)
                        .append(' ');
        }
        List<String> parts = new ArrayList<>();
        data.forEach(d -> parts.add(d.length == 0 ? "-" : HEX.formatHex(d)));
        sb.append(parts.isEmpty() ? "-" : String.join(",", parts));
        return sb.toString();
    }

    public static FuzzInput parse(String line) {
        String[] f = line.trim().split(" ");
        int fields = f[0].equals("frame") ? 4 : 5;
        if (f.length != fields) {
            throw new IllegalArgumentException("a " + f[0] + " corpus line has " + fields + " fields: " + line);
        }
        List<byte[]> data = new ArrayList<>();
        if (fields == 5 && f[4].equals("-")) {
            data.add(new byte[0]); // the one message of a secure-aggregation input, empty
        } else if (!f[fields - 1].equals("-")) {
            for (String h : f[fields - 1].split(",", -1)) {
                data.add(h.equals("-") ? new byte[0] : HEX.parseHex(h));
            }
        }
        boolean flag = f[3].equals("1");
        return switch (f[0]) {
            case "frame" -> new FuzzInput(Kind.FRAME, f[1], null, 0, f[2].equals("1"), data);
            case "coordinator" ->
                new FuzzInput(
                        Kind.COORDINATOR, null, SecAggStage.valueOf(f[1]), Integer.parseUnsignedInt(f[2]), flag, data);
            case "participant" ->
                new FuzzInput(Kind.PARTICIPANT, null, SecAggStage.valueOf(f[1]), Integer.parseInt(f[2]), flag, data);
            default -> throw new IllegalArgumentException("unknown corpus line kind " + f[0]);
        };
    }
}
