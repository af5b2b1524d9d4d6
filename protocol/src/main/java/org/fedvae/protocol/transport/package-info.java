/**
 * The transport both sides share: length-prefixed protobuf {@code Envelope} frames over Netty,
 * TLS 1.3, a Hello/Welcome handshake, idle timeouts, and errors that end one connection only.
 *
 * <p>Entry points: {@link org.fedvae.protocol.transport.TransportPipeline#server} and
 * {@link org.fedvae.protocol.transport.TransportPipeline#client} assemble a pipeline;
 * {@link org.fedvae.protocol.transport.TlsContexts} builds the TLS contexts from the files that
 * enrolment writes ({@link org.fedvae.protocol.transport.CredentialFiles});
 * {@link org.fedvae.protocol.transport.ClientHandshakeHandler#welcome} tells a participant when it
 * was accepted, and {@link org.fedvae.protocol.transport.TransportEvents} tell the application
 * handler. An application handler that throws a
 * {@link org.fedvae.protocol.transport.TransportException} sends that error code to the peer
 * and closes its connection.
 *
 * <p>Identity: a participant has two keys. Its TLS key (ECDSA P-256) is the key of its X.509
 * certificate (subject CN = participant id, signed by the federation CA). Its Ed25519 identity
 * key signs protocol messages; its public half is in the same certificate, in a non-critical
 * extension ({@link org.fedvae.protocol.transport.ParticipantCertificate}). Ed25519 certificates do
 * work for TLS 1.3 with the JDK 17 provider (tested), but keeping the identity key out of TLS
 * means each key has one purpose and TLS uses the most widely supported algorithm.
 */
package org.fedvae.protocol.transport;
