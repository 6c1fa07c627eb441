import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import kafkajs from 'kafkajs';
import { copartitionAssigner, decodeHostInfo, describeGroupHosts, encodeHostInfo, hostsFromMembers } from '../../../../src/streams/index.js';

const { AssignerProtocol } = kafkajs;

const SUBS: Record<string, number> = { raw: 0, 'app-repartition': 1 };
const subtopologyOf = (topic: string): number | undefined => SUBS[topic];
const metadata = (userData: Buffer): Buffer => AssignerProtocol.MemberMetadata.encode({ version: 1, topics: Object.keys(SUBS), userData });
const assignment = (topics: Record<string, number[]>): Buffer => AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: topics, userData: Buffer.alloc(0) });

describe('group hosts (query routing table)', () => {
  test('the advertised URL round-trips through the userData', () => {
    assert.equal(decodeHostInfo(encodeHostInfo('http://10.0.0.5:8088')), 'http://10.0.0.5:8088');
  });

  test('no URL, empty, foreign or malformed userData decode to null instead of throwing', () => {
    assert.equal(encodeHostInfo(undefined).length, 0);
    for (const data of [Buffer.alloc(0), Buffer.from('not json'), Buffer.from('{"url":5}'), Buffer.from('null'), Buffer.from('[1]'), null, undefined]) assert.equal(decodeHostInfo(data), null);
  });

  test("the assignor's subscription carries the advertised URL", () => {
    const assigner = copartitionAssigner([['raw']], 'http://h1:8088')({ cluster: {} as never, groupId: 'g', logger: {} as never });
    const { metadata: buffer } = assigner.protocol({ topics: ['raw'] });
    assert.equal(decodeHostInfo(AssignerProtocol.MemberMetadata.decode(buffer)?.userData), 'http://h1:8088');
  });

  test('members become hosts with their URL and the task ids of their assigned partitions, sorted by member id', () => {
    const hosts = hostsFromMembers(
      [
        { memberId: 'm2', memberMetadata: metadata(encodeHostInfo('http://h2:8088')), memberAssignment: assignment({ raw: [1], 'app-repartition': [1] }) },
        { memberId: 'm1', memberMetadata: metadata(encodeHostInfo('http://h1:8088')), memberAssignment: assignment({ raw: [0, 2], 'app-repartition': [0, 2], unrelated: [0] }) },
      ],
      subtopologyOf,
    );
    assert.deepEqual(hosts, [
      { memberId: 'm1', url: 'http://h1:8088', tasks: ['0_0', '0_2', '1_0', '1_2'] },
      { memberId: 'm2', url: 'http://h2:8088', tasks: ['0_1', '1_1'] },
    ]);
  });

  test('a member without a URL or with unreadable buffers is kept, with a null URL (its tasks count as unreachable)', () => {
    const hosts = hostsFromMembers(
      [
        { memberId: 'a', memberMetadata: metadata(Buffer.alloc(0)), memberAssignment: assignment({ raw: [0] }) },
        { memberId: 'b', memberMetadata: Buffer.from([1]), memberAssignment: Buffer.alloc(0) },
      ],
      subtopologyOf,
    );
    assert.deepEqual(hosts, [
      { memberId: 'a', url: null, tasks: ['0_0'] },
      { memberId: 'b', url: null, tasks: [] },
    ]);
  });

  test('describeGroupHosts reads the one group asked for; an unknown group has no hosts', async () => {
    const asked: string[][] = [];
    const admin = {
      describeGroups: async (ids: string[]) => {
        asked.push(ids);
        return { groups: [] };
      },
    };
    assert.deepEqual(await describeGroupHosts(admin as never, 'app', subtopologyOf), []);
    assert.deepEqual(asked, [['app']]);
  });
});
