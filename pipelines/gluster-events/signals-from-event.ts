import type { RawPropertyChange } from '../../src/serde/index.js';
import { readNumber, readString } from '../domain/index.js';
import type { EventAlertType, EventSignal } from './event-signal.js';

/** Records of kind EVENT written by `gluster-eventing webhook` (interface `org.gluster.Events`). */
export function isGlusterEvent(record: Pick<RawPropertyChange, 'kind'>): boolean {
  return record.kind === 'EVENT';
}

/**
 * Turns one Gluster event into the signals it carries (none for events no alert depends on). Field
 * names are those the sources send (glusterd-handler.c, posix-helpers.c, afr, ec, quota):
 *
 * | event | signal |
 * |---|---|
 * | BRICK_DISCONNECTED `{peer, volume, brick}` | raise BRICK_DOWN of `peer:brick` |
 * | BRICK_CONNECTED | clear BRICK_DOWN and BRICK_HEALTH_CHECK_FAILED of `peer:brick` |
 * | POSIX_HEALTH_CHECK_FAILED `{brick: host:path, path, op, error}` | raise BRICK_HEALTH_CHECK_FAILED |
 * | PEER_DISCONNECT `{peer, uuid, state}` / PEER_CONNECT `{host, uuid}` | raise / clear PEER_DISCONNECTED of the lost peer |
 * | QUORUM_LOST / QUORUM_REGAINED `{volume}` | raise / clear (per reporting node) QUORUM_LOST |
 * | AFR_SPLIT_BRAIN `{subvol, …}` | raise SPLIT_BRAIN (resolved by quiet time) |
 * | EC_MIN_BRICKS_NOT_UP / EC_MIN_BRICKS_UP `{subvol}` | raise / clear EC_MIN_BRICKS_NOT_UP |
 * | QUOTA_CROSSED_SOFT_LIMIT `{volume, path, usage}` | raise QUOTA_SOFT_LIMIT_CROSSED of `volume:path` |
 * | QUOTA_REMOVE_USAGE_LIMIT `{volume, path}` / QUOTA_DISABLE `{volume}` | clear it for the path / every path |
 *
 * Event time is the emitter's `ts` (seconds) in ms, else the receive time.
 *
 * @example signalsFromEvent(peerDisconnect).map((s) => s.entity) // ['peer:<uuid of the lost peer>']
 */
export function signalsFromEvent(record: RawPropertyChange): EventSignal[] {
  const p = record.properties;
  const text = (name: string): string | undefined => {
    const value = readString(p, name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const event = text('event');
  if (event === undefined) return [];
  const ts = readNumber(p, 'ts');
  const base = { reporter: record.glusterUuid ?? record.nodeId, at: ts === undefined ? record.observedAt : ts * 1000, source: event };
  const evidence = (...names: string[]): Record<string, string> => {
    const picked: Record<string, string> = { event, reporter: base.reporter };
    for (const name of names) {
      const value = text(name);
      if (value !== undefined) picked[name] = value;
    }
    return picked;
  };
  const signal = (type: EventAlertType, action: 'raise' | 'clear', entity: string, subject: string, extra: Partial<EventSignal>, fields: string[]): EventSignal => ({
    ...base,
    type,
    action,
    entity,
    subject,
    ...extra,
    evidence: evidence(...fields),
  });
  const volume = text('volume') ?? text('name');
  const onVolume = volume === undefined ? {} : { volume };

  switch (event) {
    case 'BRICK_DISCONNECTED':
    case 'BRICK_CONNECTED': {
      const peer = text('peer');
      const path = text('brick');
      if (peer === undefined || path === undefined) return [];
      const brick = `${peer}:${path}`;
      const on = { ...onVolume, brick };
      if (event === 'BRICK_DISCONNECTED') return [signal('BRICK_DOWN', 'raise', `brick:${brick}`, brick, on, ['peer', 'volume', 'brick'])];
      return [signal('BRICK_DOWN', 'clear', `brick:${brick}`, brick, on, ['peer', 'volume', 'brick']), signal('BRICK_HEALTH_CHECK_FAILED', 'clear', `brick:${brick}`, brick, on, ['peer', 'volume', 'brick'])];
    }
    case 'POSIX_HEALTH_CHECK_FAILED': {
      const brick = text('brick');
      return brick === undefined ? [] : [signal('BRICK_HEALTH_CHECK_FAILED', 'raise', `brick:${brick}`, brick, { brick }, ['brick', 'path', 'op', 'error'])];
    }
    case 'PEER_DISCONNECT':
    case 'PEER_CONNECT': {
      const peer = text('uuid') ?? text('peer') ?? text('host');
      if (peer === undefined) return [];
      const fields = ['uuid', 'peer', 'host', 'state'];
      return [signal('PEER_DISCONNECTED', event === 'PEER_DISCONNECT' ? 'raise' : 'clear', `peer:${peer}`, peer, {}, fields)];
    }
    case 'QUORUM_LOST':
    case 'QUORUM_REGAINED':
      return volume === undefined ? [] : [signal('QUORUM_LOST', event === 'QUORUM_LOST' ? 'raise' : 'clear', `volume:${volume}`, volume, onVolume, ['volume'])];
    case 'AFR_SPLIT_BRAIN': {
      const subvol = text('subvol');
      return subvol === undefined ? [] : [signal('SPLIT_BRAIN', 'raise', `subvol:${subvol}`, subvol, {}, ['subvol', 'type', 'file', 'client-pid'])];
    }
    case 'EC_MIN_BRICKS_NOT_UP':
    case 'EC_MIN_BRICKS_UP': {
      const subvol = text('subvol');
      return subvol === undefined ? [] : [signal('EC_MIN_BRICKS_NOT_UP', event === 'EC_MIN_BRICKS_NOT_UP' ? 'raise' : 'clear', `subvol:${subvol}`, subvol, {}, ['subvol'])];
    }
    case 'QUOTA_CROSSED_SOFT_LIMIT':
    case 'QUOTA_REMOVE_USAGE_LIMIT': {
      const path = text('path');
      if (volume === undefined || path === undefined) return [];
      const action = event === 'QUOTA_CROSSED_SOFT_LIMIT' ? 'raise' : 'clear';
      return [signal('QUOTA_SOFT_LIMIT_CROSSED', action, `volume:${volume}`, `${volume}:${path}`, onVolume, ['volume', 'path', 'usage'])];
    }
    case 'QUOTA_DISABLE':
      return volume === undefined ? [] : [signal('QUOTA_SOFT_LIMIT_CROSSED', 'clear', `volume:${volume}`, '*', onVolume, ['volume'])];
    default:
      return [];
  }
}
