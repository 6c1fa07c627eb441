/**
 * The Node options every producer deployment sets (`NODE_OPTIONS`: the systemd unit, the Kubernetes
 * DaemonSet, the compose file; `test/unit/deploy/` checks they agree), and which the producer bench
 * measures with.
 *
 * A 1 MB semi-space instead of V8's default young generation: the producer keeps little alive, and
 * this took its RSS at 10 changes/s from 81.7 MB to 70.1 MB while one producer still sustained
 * 9,265 changes/s (producer bench, 2026-11-24); scavenges get more frequent, which costs nothing
 * measurable at the rates a storage node produces.
 */
export const PRODUCER_NODE_OPTIONS = '--max-semi-space-size=1';
