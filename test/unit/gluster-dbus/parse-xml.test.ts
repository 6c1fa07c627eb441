import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GlusterXmlError, parseXml } from '../../../src/gluster-dbus/index.js';

describe('parseXml (the minimal parser for gluster --xml)', () => {
  test('reads the declaration, nesting, attributes, self-closing and mixed content like <brick>', () => {
    const root = parseXml('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cliOutput><opErrstr/><brick uuid=\'u-1\'>vm:/b1<name>vm:/b1</name></brick></cliOutput>\n');
    assert.equal(root.name, 'cliOutput');
    assert.deepEqual(root.children.map((child) => child.name), ['opErrstr', 'brick']);
    const brick = root.children[1]!;
    assert.deepEqual(brick.attributes, { uuid: 'u-1' });
    assert.equal(brick.text, 'vm:/b1');
    assert.equal(brick.children[0]?.text, 'vm:/b1');
  });

  test('decodes the predefined entities, character references and CDATA, and skips comments', () => {
    const root = parseXml('<a k="x&quot;y">&lt;&amp;&gt;&apos;&#65;&#x42;<!-- c --><![CDATA[<raw&>]]></a>');
    assert.equal(root.attributes['k'], 'x"y');
    assert.equal(root.text, "<&>'AB<raw&>");
  });

  test('handles deep nesting without recursion', () => {
    const depth = 20_000;
    const root = parseXml('<e>'.repeat(depth) + '</e>'.repeat(depth));
    assert.equal(root.name, 'e');
  });

  for (const [what, xml] of [
    ['a mismatched closing tag', '<a><b></a></b>'],
    ['a truncated document', '<cliOutput><opRet>0</opRet>'],
    ['a DOCTYPE (entity definitions are never expanded)', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
    ['an unknown entity', '<a>&x;</a>'],
    ['a bare ampersand', '<a>fish & chips</a>'],
    ['two root elements', '<a/><b/>'],
    ['text outside the root', 'Connection failed. Please check if gluster daemon is operational.'],
    ['an empty document', ''],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
  ] as const) {
    test(`rejects ${what} with GLUSTER_XML_INVALID`, () => {
      assert.throws(() => parseXml(xml), (error: unknown) => error instanceof GlusterXmlError && error.code === 'GLUSTER_XML_INVALID');
    });
  }
});
