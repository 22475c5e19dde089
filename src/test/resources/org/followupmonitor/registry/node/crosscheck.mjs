// Cross-check of followup-monitor's wire-format serde and registry against an independent client,
// @kafkajs/confluent-schema-registry (npm). Run against a fresh registry (e.g. `followup-monitor broker`
// on a new --data-dir, or any Confluent-compatible registry with no subject "crosscheck-value"):
//
//   npm install && node crosscheck.mjs http://localhost:8081 <hex of bytes written by the Java serde>
//
// Prints one JSON object per line; NodeCrossCheckTest compares them with the Java serde.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

const [url, javaHex] = process.argv.slice(2);
const subject = 'crosscheck-value';
const v1 = {
  type: 'record', name: 'Measurement', namespace: 'org.followupmonitor.registry',
  fields: [{ name: 'label', type: 'string' }, { name: 'count', type: 'int' }],
};
const v2 = {
  type: 'record', name: 'Measurement', namespace: 'org.followupmonitor.registry',
  fields: [{ name: 'label', type: 'string' }, { name: 'count', type: 'int' },
           { name: 'note', type: ['null', 'string'], default: null }],
};
const registry = new SchemaRegistry({ host: url });
const out = (o) => console.log(JSON.stringify(o));

const { id: id1 } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject });
out({ step: 'register-v1', id: id1 });
const v1Bytes = await registry.encode(id1, { label: 'node', count: 150 });
out({ step: 'encode-v1', id: id1, hex: v1Bytes.toString('hex') });

const { id: id2 } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2) }, { subject });
out({ step: 'register-v2', id: id2 });
const v2Bytes = await registry.encode(id2, { label: 'x', count: -3, note: 'n' });
out({ step: 'encode-v2', id: id2, hex: v2Bytes.toString('hex') });

out({ step: 'latest-id', id: await registry.getLatestSchemaId(subject) });
out({ step: 'id-of-v1', id: await registry.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema: JSON.stringify(v1) }) });
out({ step: 'id-of-version-1', id: await registry.getRegistryId(subject, 1) });

// Old bytes read by new code (reader schema v2), new bytes read by old code (reader schema v1).
out({ step: 'decode-v1-as-v2', value: await registry.decode(v1Bytes, { [SchemaType.AVRO]: { readerSchema: v2 } }) });
out({ step: 'decode-v2-as-v1', value: await registry.decode(v2Bytes, { [SchemaType.AVRO]: { readerSchema: v1 } }) });

if (javaHex) {
  const value = await registry.decode(Buffer.from(javaHex, 'hex'));
  out({ step: 'decode-java', hex: javaHex, value });
}
