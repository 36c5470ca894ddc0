// Connects to `tianmu serve` with the published Foxglove WebSocket client, subscribes to the
// joint states and the controller status, publishes a velocity command on /cmd_vel, and prints
// what it saw as JSON. Usage: node foxglove_client.mjs ws://127.0.0.1:PORT TOKEN
import foxglove from "@foxglove/ws-protocol"; // CommonJS: named exports via the default
import WebSocket from "ws";

const { FoxgloveClient } = foxglove;

const [url, token] = process.argv.slice(2);
if (!url || !token) {
  console.error("usage: node foxglove_client.mjs ws://HOST:PORT TOKEN");
  process.exit(2);
}

const ws = new WebSocket(`${url}/?token=${encodeURIComponent(token)}`, [
  FoxgloveClient.SUPPORTED_SUBPROTOCOL,
]);
const client = new FoxgloveClient({ ws });
const decoder = new TextDecoder();
const result = {
  serverInfo: null,
  channels: [],
  jointMessages: 0,
  jointNames: 0,
  positionsFinite: true,
  timestampsIncrease: true,
  commandSeen: false,
  statusMessages: [],
};
const subscriptions = new Map();
let lastTimestamp = 0n;
let commandChannel = null;

const timer = setTimeout(() => finish(1, "timed out"), 10000);

let finished = false;
function finish(code, why) {
  if (finished) return;
  finished = true;
  clearTimeout(timer);
  if (why) result.error = why;
  console.log(JSON.stringify(result));
  client.close();
  setTimeout(() => process.exit(code), 50);
}

client.on("error", (e) => finish(1, `client error: ${e?.message ?? e}`));
client.on("serverInfo", (info) => {
  result.serverInfo = { name: info.name, capabilities: info.capabilities };
});
client.on("status", (s) => result.statusMessages.push(s.message));
client.on("advertise", (channels) => {
  for (const c of channels) {
    result.channels.push({ topic: c.topic, encoding: c.encoding, schemaName: c.schemaName });
    JSON.parse(c.schema); // every schema is JSON
    if (c.topic === "/joint_states" || c.topic === "/controller_status") {
      subscriptions.set(client.subscribe(c.id), c.topic);
    }
  }
  if (result.serverInfo?.capabilities.includes("clientPublish")) {
    commandChannel = client.advertise({
      topic: "/cmd_vel",
      encoding: "json",
      schemaName: "tianmu.VelocityCommand",
    });
    client.sendMessage(
      commandChannel,
      new TextEncoder().encode(JSON.stringify({ vx_mps: 0.2, vy_mps: 0, wz_radps: 0 })),
    );
  }
});
client.on("message", ({ subscriptionId, timestamp, data }) => {
  const topic = subscriptions.get(subscriptionId);
  const message = JSON.parse(decoder.decode(data));
  if (topic === "/joint_states") {
    result.jointMessages += 1;
    result.jointNames = message.name.length;
    result.positionsFinite &&= message.position.every(Number.isFinite);
    result.positionsFinite &&= message.position.length === message.name.length;
    result.timestampsIncrease &&= timestamp > lastTimestamp;
    lastTimestamp = timestamp;
  } else if (topic === "/controller_status") {
    if (Math.abs(message.command.vx_mps - 0.2) < 1e-9) result.commandSeen = true;
  }
  if (result.jointMessages >= 20 && (commandChannel === null || result.commandSeen)) finish(0);
});
