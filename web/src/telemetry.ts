// A minimal Foxglove WebSocket protocol client (foxglove.websocket.v1): subscribes to every
// advertised JSON channel and hands each decoded message to a callback by topic.

export type MessageHandler = (topic: string, message: unknown, timestampNs: bigint) => void;

interface Channel {
  id: number;
  topic: string;
  encoding: string;
}

export class Telemetry {
  private ws: WebSocket | null = null;
  private readonly topics = new Map<number, string>();
  private nextSubscription = 1;
  private readonly decoder = new TextDecoder();
  private closed = false;

  constructor(
    private readonly token: string,
    private readonly onMessage: MessageHandler,
    private readonly onConnection: (connected: boolean) => void,
  ) {}

  connect(): void {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const url = `${scheme}://${location.host}/?token=${encodeURIComponent(this.token)}`;
    const ws = new WebSocket(url, ["foxglove.websocket.v1"]);
    ws.binaryType = "arraybuffer";
    ws.onopen = () => this.onConnection(true);
    ws.onclose = () => {
      this.onConnection(false);
      this.topics.clear();
      if (!this.closed) setTimeout(() => this.connect(), 1000);
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data === "string") this.handleText(event.data);
      else this.handleBinary(event.data as ArrayBuffer);
    };
    this.ws = ws;
  }

  close(): void {
    this.closed = true;
    this.ws?.close();
  }

  private handleText(text: string): void {
    const message = JSON.parse(text) as { op: string; channels?: Channel[] };
    if (message.op !== "advertise" || !message.channels) return;
    const subscriptions = [];
    for (const channel of message.channels) {
      if (channel.encoding !== "json") continue;
      const id = this.nextSubscription++;
      this.topics.set(id, channel.topic);
      subscriptions.push({ id, channelId: channel.id });
    }
    this.ws?.send(JSON.stringify({ op: "subscribe", subscriptions }));
  }

  private handleBinary(buffer: ArrayBuffer): void {
    const view = new DataView(buffer);
    if (buffer.byteLength < 13 || view.getUint8(0) !== 0x01) return;
    const subscription = view.getUint32(1, true);
    const timestamp = view.getBigUint64(5, true);
    const topic = this.topics.get(subscription);
    if (topic === undefined) return;
    const payload = JSON.parse(this.decoder.decode(new Uint8Array(buffer, 13))) as unknown;
    this.onMessage(topic, payload, timestamp);
  }
}
