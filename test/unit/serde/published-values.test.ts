import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type avro from 'avsc';
import {
  avroTypeFor,
  readSchemaFile,
  type Alert,
  type AlertState,
  type AlertType,
  type BrickDrive,
  type BrickState,
  type DriveState,
  type Health,
  type NodeLiveness,
  type NodeState,
  type Severity,
  type BrickCondition,
  type BrickRole,
  type RedundancySet,
  type RiskLevel,
  type SetBrick,
  type SetKind,
  type VolumeLayout,
  type VolumeRisk,
  type VolumeState,
  type VolumeStatus,
} from '../../../src/serde/index.js';
import { enumFindings, fieldFindings, invalidPaths, namedTypes, recordContract, recordOf, roundTrip, symbols, type SchemaContract } from './avro-contract.js';

/**
 * The published value types (src/serde/published-values.ts) against their .avsc files, the source of
 * truth. The compiler holds each sample to its TypeScript type (`Required<T>`: every field, no other);
 * these tests hold the sample to the schema, so a field, a nullable field, a record or an enum symbol
 * added to one side only fails here (a TS-only field first fails `npm run typecheck` at the sample).
 */

const AT = 1_732_000_000_000;

const LAYOUT = { type: 'Replicate', replicaCount: 2, arbiterCount: 0, disperseCount: 0, redundancyCount: 0 } satisfies Required<VolumeLayout>;
const SET_BRICK_SAMPLE = { name: 'srv2:/bricks/b1', role: 'DATA', condition: 'DOWN', nodeId: 'node2', reasons: ['offline'] } satisfies Required<SetBrick>;
const SET_SAMPLE = { index: 0, kind: 'REPLICA', level: 'AT_RISK', tolerates: 0, designedTolerance: 0, bricks: [SET_BRICK_SAMPLE] } satisfies Required<RedundancySet>;
const RISK_SAMPLE = { level: 'AT_RISK', tolerates: 0, designedTolerance: 0, sets: [SET_SAMPLE] } satisfies Required<VolumeRisk>;

const VOLUME_STATE = recordContract<VolumeState>(
  'VolumeState',
  {
    name: 'gv0', id: '8c5f3a4e-1b2d-4c6e-9f00-112233445566', status: 'STARTED', brickCount: 2, bricks: ['srv1:/bricks/b1', 'srv2:/bricks/b1'],
    reportingNodes: ['node1', 'node2'], disagreeingNodes: ['node2'], nodesAgree: false, disagreeingSince: AT - 60_000, nameIdSwapped: true,
    layout: LAYOUT, risk: RISK_SAMPLE, lastChangedAt: AT,
  },
  { id: null, disagreeingSince: null, layout: null, risk: null },
);
const VOLUME_LAYOUT = recordContract<VolumeLayout>('VolumeLayout', LAYOUT, {});
const VOLUME_RISK = recordContract<VolumeRisk>('VolumeRisk', RISK_SAMPLE, {});
const REDUNDANCY_SET = recordContract<RedundancySet>('RedundancySet', SET_SAMPLE, {});
const SET_BRICK = recordContract<SetBrick>('SetBrick', SET_BRICK_SAMPLE, { nodeId: null });
const RISK_LEVEL = symbols<RiskLevel>({ HEALTHY: true, DEGRADED: true, AT_RISK: true, UNAVAILABLE: true });

const DRIVE_UNDER_BRICK = { drivePath: '/org/freedesktop/UDisks2/drives/WDC_WD40_WD_123', model: 'WDC WD40', serial: 'WD-123', health: 'FAILING', degrading: true } satisfies Required<BrickDrive>;
const BRICK_DRIVE = recordContract<BrickDrive>('BrickDrive', DRIVE_UNDER_BRICK, { model: null, serial: null });

const BRICK_STATE = recordContract<BrickState>(
  'BrickState',
  {
    name: 'srv1:/bricks/b1', volume: 'gv0', host: 'srv1', path: '/bricks/b1', hostUuid: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', nodeId: 'node1',
    mountPoint: '/bricks', blockDevices: ['/dev/mapper/vg-thin', '/dev/sdb1'], drives: [DRIVE_UNDER_BRICK], health: 'FAILING',
    healthReasons: ['drive WDC WD40 WD-123: SmartFailing'], lastChangedAt: AT,
  },
  { volume: null, nodeId: null, mountPoint: null },
);

const DRIVE_STATE = recordContract<DriveState>(
  'DriveState',
  {
    nodeId: 'node1', drivePath: '/org/freedesktop/UDisks2/drives/WDC_WD40_WD_123', model: 'WDC WD40', serial: 'WD-123', wwn: '0x50014ee2b5c3d4e5',
    smartFailing: true, temperatureKelvin: 318.15, temperatureCelsius: 45, badSectors: 12, attributesFailing: 1, attributesFailedInThePast: 2,
    selftestStatus: 'error_read', nvmeCriticalWarnings: ['spare'], smartUpdatedAt: AT - 1_000, health: 'FAILING',
    healthReasons: ['SmartFailing: the drive predicts its own failure'], lastChangedAt: AT, degrading: true,
    degradingReasons: ['bad sectors grew from 0 to 24 within 24 h'],
  },
  {
    model: null, serial: null, wwn: null, smartFailing: null, temperatureKelvin: null, temperatureCelsius: null, badSectors: null, attributesFailing: null,
    attributesFailedInThePast: null, selftestStatus: null, smartUpdatedAt: null,
  },
);

const NODE_STATE = recordContract<NodeState>(
  'NodeState',
  {
    nodeId: 'node1', glusterUuid: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', glusterdLoadState: 'loaded', glusterdActiveState: 'failed',
    producerSessionId: 'session-1', lastHeartbeatAt: AT - 5_000, liveness: 'SILENT', lastChangedAt: AT,
  },
  { glusterUuid: null, glusterdLoadState: null, glusterdActiveState: null, lastHeartbeatAt: null },
);

const ALERT = recordContract<Alert>(
  'Alert',
  {
    alertId: 'BRICK_ON_FAILING_DRIVE|srv1:/bricks/b1', type: 'BRICK_ON_FAILING_DRIVE', state: 'RESOLVED', severity: 'CRITICAL', volume: 'gv0',
    brick: 'srv1:/bricks/b1', nodeId: 'node1', drive: 'WDC WD40 WD-123', message: 'resolved: brick srv1:/bricks/b1 is on a failing drive',
    evidence: { drive: 'WDC WD40 WD-123', smartFailing: 'true' }, raisedAt: AT - 60_000, resolvedAt: AT,
  },
  { volume: null, brick: null, nodeId: null, drive: null, resolvedAt: null },
);

const HEALTH = symbols<Health>({ HEALTHY: true, FAILING: true, UNKNOWN: true });

const CONTRACTS: readonly SchemaContract[] = [
  {
    file: 'volume-state-value.avsc',
    records: [VOLUME_STATE, VOLUME_LAYOUT, VOLUME_RISK, REDUNDANCY_SET, SET_BRICK],
    enums: {
      VolumeStatus: symbols<VolumeStatus>({ CREATED: true, STARTED: true, STOPPED: true, UNKNOWN: true }),
      RiskLevel: RISK_LEVEL,
      SetKind: symbols<SetKind>({ REPLICA: true, DISPERSE: true, DISTRIBUTE: true }),
      BrickRole: symbols<BrickRole>({ DATA: true, ARBITER: true }),
      BrickCondition: symbols<BrickCondition>({ UP: true, THREATENED: true, DOWN: true }),
    },
  },
  { file: 'brick-state-value.avsc', records: [BRICK_STATE, BRICK_DRIVE], enums: { Health: HEALTH } },
  { file: 'drive-state-value.avsc', records: [DRIVE_STATE], enums: { Health: HEALTH } },
  { file: 'node-state-value.avsc', records: [NODE_STATE], enums: { NodeLiveness: symbols<NodeLiveness>({ LIVE: true, SILENT: true }) } },
  {
    file: 'alert-value.avsc',
    records: [ALERT],
    enums: {
      AlertType: symbols<AlertType>({
        BRICK_ON_FAILING_DRIVE: true, DRIVE_SMART_FAILING: true, DRIVE_TEMPERATURE_HIGH: true, VOLUME_STOPPED: true, GLUSTERD_DOWN: true, NODE_SILENT: true,
        VOLUME_STATUS_DISAGREEMENT: true, BRICK_DOWN: true, PEER_DISCONNECTED: true, QUORUM_LOST: true, SPLIT_BRAIN: true, BRICK_HEALTH_CHECK_FAILED: true,
        EC_MIN_BRICKS_NOT_UP: true, QUOTA_SOFT_LIMIT_CROSSED: true, DRIVE_DEGRADING: true, VOLUME_DEGRADED: true, VOLUME_AT_RISK: true, VOLUME_UNAVAILABLE: true,
      }),
      AlertState: symbols<AlertState>({ RAISED: true, RESOLVED: true }),
      Severity: symbols<Severity>({ CRITICAL: true, WARNING: true, INFO: true }),
    },
  },
];

for (const contract of CONTRACTS) {
  describe(`schemas/${contract.file} and its TypeScript types in src/serde/published-values.ts`, () => {
    const schema = readSchemaFile(contract.file);
    const types = namedTypes(avroTypeFor(schema));

    test('every record has its TypeScript type, with the same field names and the same nullable fields', () => {
      assert.deepEqual(fieldFindings(schema, contract), []);
    });

    test('every enum has its TypeScript union, with the same symbols', () => {
      assert.deepEqual(enumFindings(schema, contract), []);
    });

    test('each sample sets every field (no null, no empty array or map), so it tests every field type', () => {
      for (const { record, sample } of contract.records) {
        const unset = Object.entries(sample).filter(([, value]) => value === null || (typeof value === 'object' && Object.keys(value).length === 0));
        assert.deepEqual(unset.map(([field]) => field), [], record);
      }
    });

    test('a value with every field set, and one with every nullable field null, is valid and round-trips unchanged', () => {
      for (const { record, sample, nulls } of contract.records) {
        const type = recordOf(types, record);
        for (const value of [sample, { ...sample, ...nulls }]) {
          assert.deepEqual(invalidPaths(type, value), [], record);
          assert.deepEqual(roundTrip(type, value), value, record);
        }
      }
    });
  });
}

describe('the contract checks fail when one side changes alone', () => {
  const volumes = CONTRACTS[0]!;
  const withField = (field: object): avro.Schema => {
    const schema = structuredClone(readSchemaFile(volumes.file)) as { fields: object[] };
    schema.fields.push(field);
    return schema as avro.Schema;
  };

  test('a field added only to the schema (with a default, so the sample stays valid) is reported', () => {
    assert.deepEqual(fieldFindings(withField({ name: 'quorum', type: ['null', 'string'], default: null }), volumes), [
      'VolumeState fields: only in the schema: [quorum]; only in the TypeScript type: []',
      'VolumeState nullable fields: only in the schema: [quorum]; only in the TypeScript type: []',
    ]);
  });

  test('a field added only to the TypeScript type (its sample) is reported, and the schema rejects the sample', () => {
    const record = { ...VOLUME_STATE, sample: { ...VOLUME_STATE.sample, quorum: 'met' } };
    assert.deepEqual(fieldFindings(readSchemaFile(volumes.file), { ...volumes, records: [record, ...volumes.records.slice(1)] }), [
      'VolumeState fields: only in the schema: []; only in the TypeScript type: [quorum]',
    ]);
    const invalid = invalidPaths(avroTypeFor(readSchemaFile(volumes.file)), record.sample);
    assert.equal(invalid.length, 1, invalid.join('\n'));
    assert.match(invalid[0] ?? '', /^\(record\): .*"quorum":"met"/, 'avsc reports an undeclared field on its record');
  });

  test('a field nullable on one side only is reported', () => {
    const record = { ...VOLUME_STATE, nulls: { ...VOLUME_STATE.nulls, brickCount: null } };
    assert.deepEqual(fieldFindings(readSchemaFile(volumes.file), { ...volumes, records: [record, ...volumes.records.slice(1)] }), [
      'VolumeState nullable fields: only in the schema: []; only in the TypeScript type: [brickCount]',
    ]);
  });

  test('a record nested only in the schema is reported', () => {
    const schema = withField({ name: 'quorum', type: { type: 'record', name: 'Quorum', fields: [{ name: 'met', type: 'boolean' }] }, default: { met: true } });
    assert.deepEqual(fieldFindings(schema, volumes)[0], 'records: only in the schema: [Quorum]; only in the TypeScript type: []');
  });

  test('a symbol appended only to the schema enum, or an enum only in the schema, is reported', () => {
    const schema = structuredClone(readSchemaFile(volumes.file)) as { fields: { name: string; type: { symbols?: string[] } }[] };
    schema.fields.find((field) => field.name === 'status')?.type.symbols?.push('DELETED');
    assert.deepEqual(enumFindings(schema as avro.Schema, volumes), ['VolumeStatus symbols: only in the schema: [DELETED]; only in the TypeScript type: []']);
    const withEnum = withField({ name: 'quorum', type: { type: 'enum', name: 'Quorum', symbols: ['MET', 'LOST'] }, default: 'MET' });
    assert.deepEqual(enumFindings(withEnum, volumes), ['enums: only in the schema: [Quorum]; only in the TypeScript type: []']);
  });
});
