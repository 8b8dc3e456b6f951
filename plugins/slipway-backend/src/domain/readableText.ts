/**
 * C0 controls but tab and newline, DEL, and C1 controls (U+009B is a CSI to some terminals); and
 * the bidirectional marks, embeddings, overrides and isolates (U+200E-F, U+202A-E, U+2066-9),
 * which reorder how the rest of a line is shown (Trojan Source).
 */
const CONTROLS =
  // eslint-disable-next-line no-control-regex
  /\r\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * App output as shown to readers: every control character but `\n` and `\t` is replaced by a
 * visible stand-in (ESC becomes `␛`, CR `␍`; CRLF becomes `\n`), so output a tenant's code
 * wrote cannot drive the terminal of someone reading it with `curl` or a CLI (escape sequences
 * that move the cursor, rewrite lines, set titles or the clipboard), nor reorder what a reader
 * sees with bidi controls (shown as U+FFFD). The portal shows text,
 * where raw escapes were noise anyway.
 */
export function readableText(text: string): string {
  return text.replace(CONTROLS, c => {
    if (c === '\r\n') return '\n';
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '\u2421' : '\ufffd';
  });
}
