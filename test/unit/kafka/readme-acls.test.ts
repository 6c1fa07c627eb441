import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { aclTableRows, defaultPrincipal, roleAcls, ROLES } from '../../../src/kafka/index.js';
import { parseProcessorSettings, roleAclInputs } from '../../../src/service/index.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

test("the README's ACL table is what `acls --table` prints for every role with the default settings", () => {
  const start = readme.indexOf('| role | resource | pattern | names | operations |');
  assert.notEqual(start, -1, "the README's security section has no ACL table");
  const table = readme.slice(start).split('\n\n')[0] ?? '';
  const documented = table.split('\n').slice(2);
  const inputs = roleAclInputs({ topicPrefix: 'gluster', processor: parseProcessorSettings({}, {}) });
  const generated = ROLES.flatMap((role) => aclTableRows(role, roleAcls(role, defaultPrincipal(role), inputs)));
  assert.deepEqual(documented, generated);
});
