import type {
  ContentBlock,
  Message,
  RawMessageStreamEvent,
} from '@anthropic-ai/sdk/resources/messages';
import type { Fault } from './faults.js';

/** One server-sent event: its name and JSON payload, and whether it carries a delta. */
interface StreamEvent {
  readonly payload: RawMessageStreamEvent | { readonly type: 'ping' };
  readonly isDelta: boolean;
}

/** Where the stream goes; the server owns the response behind it. */
export interface StreamSink {
  write(text: string): void;
  /** Ends the response normally. */
  end(): void;
  /** Drops the connection once what was written has been flushed. */
  cut(): void;
}

/** Characters of tool input JSON per `input_json_delta`, so inputs arrive in several pieces. */
const JSON_CHUNK_LENGTH = 16;

/**
 * The events the real API sends for `message`, in order: `message_start`, `ping`, then per
 * block `content_block_start`, deltas (a text block one word per `text_delta`, a tool_use
 * block's input JSON in `input_json_delta` pieces), `content_block_stop`, and finally
 * `message_delta` (stop reason and usage) and `message_stop`.
 */
export function streamEventsOf(message: Message): StreamEvent[] {
  const events: StreamEvent[] = [];
  const push = (payload: StreamEvent['payload'], isDelta = false): void => {
    events.push({ payload, isDelta });
  };
  const { usage } = message;
  push({
    type: 'message_start',
    message: {
      ...message,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      // The real API reports a token or so of output at the start, the total at the end.
      usage: { ...usage, output_tokens: Math.min(1, usage.output_tokens) },
    },
  });
  push({ type: 'ping' });
  for (const [index, block] of message.content.entries()) {
    push({ type: 'content_block_start', index, content_block: emptied(block) });
    for (const delta of deltasOf(block)) push({ type: 'content_block_delta', index, delta }, true);
    push({ type: 'content_block_stop', index });
  }
  push({
    type: 'message_delta',
    delta: {
      stop_reason: message.stop_reason,
      stop_sequence: message.stop_sequence,
      stop_details: null,
      container: null,
    },
    usage: {
      input_tokens: usage.input_tokens,
      output_tokens: usage.output_tokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens,
      output_tokens_details: null,
      server_tool_use: null,
    },
  });
  push({ type: 'message_stop' });
  return events;
}

/**
 * Writes `message` as server-sent events. A stream fault strikes after its
 * `deltasBeforeFault` deltas, or before `message_delta` when the message has fewer.
 */
export function writeStream(sink: StreamSink, message: Message, fault: Fault | undefined): void {
  let deltas = 0;
  for (const event of streamEventsOf(message)) {
    const due =
      fault !== undefined &&
      ((event.isDelta && deltas >= fault.deltasBeforeFault) ||
        event.payload.type === 'message_delta');
    if (due) {
      strike(sink, fault);
      return;
    }
    if (event.isDelta) deltas += 1;
    sink.write(serialize(event.payload.type, JSON.stringify(event.payload)));
  }
  sink.end();
}

function strike(sink: StreamSink, fault: Fault): void {
  if (fault.kind === 'truncated-stream') {
    sink.cut();
    return;
  }
  if (fault.kind === 'malformed-event')
    sink.write(serialize('content_block_delta', '{"type":"content_block_delta","index":0,"de'));
  else
    sink.write(
      serialize(
        'error',
        JSON.stringify({
          type: 'error',
          error: { type: 'overloaded_error', message: 'Overloaded' },
        }),
      ),
    );
  sink.end();
}

function serialize(name: string, data: string): string {
  return `event: ${name}\ndata: ${data}\n\n`;
}

/** The block as `content_block_start` announces it: no text or input yet. */
function emptied(block: ContentBlock): ContentBlock {
  if (block.type === 'text') return { ...block, text: '' };
  if (block.type === 'tool_use') return { ...block, input: {} };
  return block;
}

function deltasOf(
  block: ContentBlock,
): ({ type: 'text_delta'; text: string } | { type: 'input_json_delta'; partial_json: string })[] {
  if (block.type === 'text')
    return (block.text.match(/\s*\S+\s*/g) ?? (block.text === '' ? [] : [block.text])).map(
      (text) => ({ type: 'text_delta', text }),
    );
  if (block.type !== 'tool_use') return [];
  const json = JSON.stringify(block.input) ?? '{}';
  const pieces: { type: 'input_json_delta'; partial_json: string }[] = [];
  for (let start = 0; start < json.length; start += JSON_CHUNK_LENGTH)
    pieces.push({
      type: 'input_json_delta',
      partial_json: json.slice(start, start + JSON_CHUNK_LENGTH),
    });
  return pieces;
}
