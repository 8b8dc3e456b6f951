import { parseLogLine, readServerSentEvents } from './serverSentEvents';

function body(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const events: string[] = [];
  for await (const batch of readServerSentEvents(stream)) events.push(...batch);
  return events;
}

describe('readServerSentEvents', () => {
  it('reassembles events split across network chunks, with LF or CRLF', async () => {
    expect(
      await collect(
        body(['data: {"line":"a', '"}\n', '\ndata: b\r\n\r', '\ndata: c\n\n']),
      ),
    ).toEqual(['{"line":"a"}', 'b', 'c']);
  });

  it('joins multi-line data and ignores comments and other fields', async () => {
    expect(
      await collect(
        body([': keep-alive\n\nevent: log\ndata: one\ndata: two\nid: 7\n\n']),
      ),
    ).toEqual(['one\ntwo']);
  });

  it('keeps a final event that arrives without its blank line', async () => {
    expect(await collect(body(['data: first\n\n', 'data: last']))).toEqual([
      'first',
      'last',
    ]);
  });
});

describe('parseLogLine', () => {
  it('reads the JSON log lines the backend sends, and plain text as a line', () => {
    expect(
      parseLogLine('{"time":"t","source":"web.1","line":"hello"}'),
    ).toEqual({
      time: 't',
      source: 'web.1',
      line: 'hello',
    });
    expect(parseLogLine('not json')).toEqual({
      time: '',
      source: '',
      line: 'not json',
    });
    expect(parseLogLine('{"other":1}')).toEqual({
      time: '',
      source: '',
      line: '{"other":1}',
    });
  });
});
