/**
 * The operator's read-only view of a running federation: {@code serve --http}.
 *
 * <p>{@link org.fedvae.coordinator.http.FederationStatus} is a {@code FederationListener}: the
 * coordinator's round thread tells it what happened (connections, round and stage starts, finished
 * rounds) and it only records, so the machines stay free of I/O and a slow client never holds up a
 * round. {@link org.fedvae.coordinator.http.DashboardServer} reads snapshots of it through a Netty
 * pipeline of small handlers: TLS (optional), the HTTP codec, {@code BearerTokenCheck} (optional),
 * {@code DashboardRoutes} ({@code /}, {@code /api/status}, {@code /api/rounds}, {@code /metrics},
 * {@code /rounds/N/samples.png}). {@link org.fedvae.coordinator.http.HttpAccess} decides whether an
 * address may be served as configured. What is shown are aggregates and round facts; of a site,
 * only its enrolled name while it is connected.
 */
package org.fedvae.coordinator.http;
