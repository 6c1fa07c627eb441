// Keeps a D-Bus dict entry whose key is "__proto__" when dbus-next 0.10.2 converts a received
// message to JavaScript (run by `postinstall`, idempotent).
//
// `marshallVariantToJs` fills a plain object with `result[key] = ...`; for the key "__proto__"
// that assignment replaces the object's prototype instead of adding an entry, so a property of
// that name in PropertiesChanged or GetAll (both a{sv}), or such a key in any dict value, vanished
// before the producer saw it. "__proto__" is a valid D-Bus member name and any string is a valid
// dict key, and the producer loses nothing, so that key is defined as an ordinary own, enumerable
// property; every other key is assigned as before. The avsc patch next to this one does the same
// for the raw record's Avro map.
// `node dbus-next-dict-proto-key.mjs [file]` patches another copy.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const file = process.argv[2] ?? require.resolve('dbus-next/lib/marshall-compat.js');
const source = readFileSync(file, 'utf8');
const MARK = '/* gluster-eventing: keep a "__proto__" dict key */';
if (source.includes(MARK)) process.exit(0);

const original = `        result[value[i][0]] = marshallVariantToJs([[type.child[0].child[1]], [value[i][1]]]);`;
const fixed = `        ${MARK}
        const entry = marshallVariantToJs([[type.child[0].child[1]], [value[i][1]]]);
        if (value[i][0] === '__proto__') Object.defineProperty(result, '__proto__', { value: entry, enumerable: true, writable: true, configurable: true });
        else result[value[i][0]] = entry;`;
if (source.split(original).length !== 2) {
  console.error(`dbus-next-dict-proto-key: ${file} is not the dbus-next 0.10.2 text this patch fixes; check the dbus-next version`);
  process.exit(1);
}
writeFileSync(file, source.replace(original, fixed));
console.log('dbus-next-dict-proto-key: a "__proto__" key in a received D-Bus dict survives');
