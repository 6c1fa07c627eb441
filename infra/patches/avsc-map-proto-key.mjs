// Keeps an Avro map entry whose key is "__proto__" when avsc 5.7.9 decodes it (run by `postinstall`,
// idempotent).
//
// `MapType.prototype._read` (decode, also with a resolver) and `_copy` (clone, fromObject) fill a
// plain object with `val[key] = ...`; for the key "__proto__" that assignment replaces the object's
// prototype instead of adding an entry, so the entry vanished (and the map inherited from the
// value). "__proto__" is a valid D-Bus member name, so a raw record's property map can carry it:
// the D-Bus value round-trip property test found it (fresh-clone CI, seed 1235505155). The fix defines that key as an ordinary own,
// enumerable property; every other key is assigned as before.
// `node avsc-map-proto-key.mjs [file]` patches another copy.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const file = process.argv[2] ?? require.resolve('avsc/lib/types.js');
const source = readFileSync(file, 'utf8');
const MARK = '/* gluster-eventing: keep a "__proto__" map key */';
if (source.includes(MARK)) process.exit(0);

const setEntry = (target, valueExpression) =>
  `if (key === '__proto__') Object.defineProperty(${target}, key, {value: ${valueExpression}, enumerable: true, writable: true, configurable: true});
      else ${target}[key] = ${valueExpression};`;
const replacements = [
  { original: `      var key = tap.readString();
      val[key] = values._read(tap);`, fixed: `      var key = tap.readString();
      ${MARK}
      ${setEntry('val', 'values._read(tap)')}` },
  { original: `      key = keys[i];
      copy[key] = values._copy(val[key], opts);`, fixed: `      key = keys[i];
      ${setEntry('copy', 'values._copy(val[key], opts)')}` },
];
let patched = source;
for (const { original, fixed } of replacements) {
  if (patched.split(original).length !== 2) {
    console.error(`avsc-map-proto-key: ${file} is not the avsc 5.7.9 text this patch fixes; check the avsc version`);
    process.exit(1);
  }
  patched = patched.replace(original, fixed);
}
writeFileSync(file, patched);
console.log('avsc-map-proto-key: a "__proto__" key in an Avro map survives decoding and copying');
