import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { deployPath, readDeployFile, systemdUnit } from './deploy-files.js';
import { unitCliArgs } from './invocations.js';

const run = promisify(execFile);
const UNIT_FILE = deployPath('systemd', 'gluster-eventing-producer.service');
const service = systemdUnit(readDeployFile('systemd', 'gluster-eventing-producer.service')).get('Service') ?? new Map<string, readonly string[]>();
const one = (key: string): string | undefined => service.get(key)?.at(-1);
const SYSTEMD_ANALYZE = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).stdout.trim() || undefined;

/** What `systemd-analyze verify` says about `file` itself (lines about other units on the machine are not ours). */
async function verify(file: string): Promise<string[]> {
  const { stdout, stderr } = await run(SYSTEMD_ANALYZE ?? 'systemd-analyze', ['verify', file]).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? 'failed' }));
  return `${stdout}\n${stderr}`.split('\n').filter((line) => line.includes(file));
}

describe('infra/deploy/systemd/gluster-eventing-producer.service', () => {
  test('runs as the fixed user the D-Bus policy names, never root', async () => {
    const policy = await readFile(deployPath('dbus', 'gluster-eventing-producer.conf'), 'utf8');
    const policyUser = /<policy user="([^"]+)">/.exec(policy)?.[1];
    assert.equal(one('User'), policyUser);
    assert.notEqual(one('User'), 'root');
    assert.notEqual(one('DynamicUser'), 'yes', 'a dynamic user does not exist when dbus-daemon loads its policy');
  });

  test('the spool is its StateDirectory, settings come from an EnvironmentFile, it restarts on failure', () => {
    const args = unitCliArgs();
    assert.equal(`/var/lib/${one('StateDirectory') ?? ''}`, args[args.indexOf('--spool-dir') + 1]);
    assert.match(one('EnvironmentFile') ?? '', /^-?\/etc\/gluster-eventing\/\S+\.env$/);
    assert.equal(one('Restart'), 'on-failure');
  });

  test('is sandboxed', () => {
    const expected: Record<string, string> = { NoNewPrivileges: 'yes', ProtectSystem: 'strict', ProtectHome: 'yes', PrivateTmp: 'yes', PrivateDevices: 'yes', CapabilityBoundingSet: '', RestrictNamespaces: 'yes' };
    for (const [key, value] of Object.entries(expected)) assert.equal(one(key), value, key);
    assert.deepEqual(one('RestrictAddressFamilies')?.split(/\s+/).sort(), ['AF_INET', 'AF_INET6', 'AF_UNIX']);
  });

  test('systemd-analyze verify finds nothing to say about it', { skip: SYSTEMD_ANALYZE === undefined && 'systemd-analyze is not installed: the unit is only checked by the tests above' }, async () => {
    assert.deepEqual(await verify(UNIT_FILE), []);
    // The check can fail: the same unit with a misspelt directive and a bad value is reported.
    const dir = await mkdtemp(join(tmpdir(), 'ge-unit-'));
    try {
      const broken = join(dir, 'gluster-eventing-producer.service');
      await writeFile(broken, (await readFile(UNIT_FILE, 'utf8')).replace('ProtectSystem=strict', 'ProtectSystm=strict').replace('Restart=on-failure', 'Restart=sometimes'));
      const problems = await verify(broken);
      assert.equal(problems.length, 2, problems.join('\n'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
