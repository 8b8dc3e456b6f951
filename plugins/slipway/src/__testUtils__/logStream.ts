import type { LogLine } from '@slipway/plugin-slipway-common';

/** A server-sent-events body the test writes log lines into, one connection each. */
export class FakeLogStreams {
  readonly connections: {
    send(line: LogLine): void;
    sendRaw(text: string): void;
    end(): void;
    closed: boolean;
  }[] = [];

  /** Pass as `FakeSlipway.logStream`. */
  open = (): ReadableStream<Uint8Array> => {
    const encoder = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const connection = {
      closed: false,
      send: (line: LogLine) =>
        connection.sendRaw(`data: ${JSON.stringify(line)}\n\n`),
      sendRaw: (text: string) => {
        if (!connection.closed) controller.enqueue(encoder.encode(text));
      },
      end: () => {
        if (!connection.closed) controller.close();
        connection.closed = true;
      },
    };
    this.connections.push(connection);
    return new ReadableStream({
      start(c) {
        controller = c;
      },
      cancel() {
        connection.closed = true;
      },
    });
  };

  get latest() {
    return this.connections[this.connections.length - 1];
  }
}
