#!/usr/bin/env node
// Reads an MCAP file with @mcap/core, an MCAP implementation independent of Tianmu's, and prints
// what it found as one JSON object on stdout, for tests/data to compare with what was written:
//
//   node tests/node/read_mcap.mjs FILE.mcap
//
// "stream" lists every record in file order from McapStreamReader (chunks decompressed and
// their CRCs checked); "indexed" is what McapIndexedReader finds through the footer, summary
// (CRC checked), chunk indexes and message indexes, with messages in log-time order.
// Bytes are printed as hex and 64-bit integers as decimal strings. Exit code 1 on any error.
import { open, readFile } from "node:fs/promises";

let mcap, fzstd, lz4;
try {
  mcap = await import("@mcap/core");
  fzstd = await import("fzstd");
  lz4 = (await import("lz4js")).default;
} catch (error) {
  console.error(
    `read_mcap: cannot load the npm packages in tests/node (${error.message}); ` +
      "run scripts/setup.sh (it runs npm ci in tests/node)",
  );
  process.exit(1);
}

/** Decompressors for the chunk compressions MCAP names; each must give exactly `size` bytes. */
const decompressHandlers = {
  zstd: (data, size) => exactly(fzstd.decompress(data, new Uint8Array(Number(size))), size, "zstd"),
  lz4: (data, size) => exactly(Uint8Array.from(lz4.decompress(data, Number(size))), size, "lz4"),
};

function exactly(bytes, size, codec) {
  if (BigInt(bytes.byteLength) !== BigInt(size)) {
    throw new Error(`${codec} chunk decompressed to ${bytes.byteLength} bytes, expected ${size}`);
  }
  return bytes;
}

/** A record as plain JSON: bigints as strings, bytes as hex, maps as objects. */
function plain(value) {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)]));
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function messageJson(message, channelsById) {
  return {
    channelId: message.channelId,
    topic: channelsById.get(message.channelId)?.topic ?? null,
    sequence: message.sequence,
    logTime: message.logTime.toString(),
    publishTime: message.publishTime.toString(),
    data: Buffer.from(message.data).toString("hex"),
  };
}

async function readStream(path) {
  const reader = new mcap.McapStreamReader({ includeChunks: true, decompressHandlers });
  reader.append(new Uint8Array(await readFile(path)));
  const records = [];
  const channelsById = new Map();
  for (let record; (record = reader.nextRecord()); ) {
    if (record.type === "Channel") channelsById.set(record.id, record);
    if (record.type === "Message") {
      records.push({ type: "Message", ...messageJson(record, channelsById) });
    } else if (record.type === "Chunk") {
      // The records are listed one by one after it; keep the chunk's own fields.
      const { records: compressed, ...fields } = record;
      records.push(plain({ ...fields, compressedSize: BigInt(compressed.byteLength) }));
    } else {
      records.push(plain(record));
    }
  }
  if (!reader.done()) {
    throw new Error(`stream reader stopped with ${reader.bytesRemaining()} bytes unread`);
  }
  return { records };
}

async function readIndexed(path) {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const readable = {
      size: async () => BigInt(size),
      read: async (offset, length) => {
        const buffer = new Uint8Array(Number(length));
        const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, Number(offset));
        if (bytesRead !== buffer.byteLength) throw new Error(`short read at ${offset}`);
        return buffer;
      },
    };
    const reader = await mcap.McapIndexedReader.Initialize({ readable, decompressHandlers });
    const messages = [];
    for await (const message of reader.readMessages()) {
      messages.push(messageJson(message, reader.channelsById));
    }
    return {
      header: plain(reader.header),
      schemas: [...reader.schemasById.values()].map(plain),
      channels: [...reader.channelsById.values()].map(plain),
      statistics: plain(reader.statistics ?? null),
      chunkIndexes: reader.chunkIndexes.map(plain),
      messages,
    };
  } finally {
    await handle.close();
  }
}

const path = process.argv[2];
if (!path) {
  console.error("usage: node read_mcap.mjs FILE.mcap");
  process.exit(2);
}
try {
  const result = { stream: await readStream(path), indexed: await readIndexed(path) };
  process.stdout.write(JSON.stringify(result) + "\n");
} catch (error) {
  console.error(`read_mcap: ${path}: ${error.message}`);
  process.exit(1);
}
