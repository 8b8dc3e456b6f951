import { readableText } from './readableText';

/*
 * Attack (red team round 2, low): a tenant's log line with a right-to-left override (Trojan
 * Source) reached readers raw and reordered what they saw. Bidi controls are shown as U+FFFD,
 * like the other controls; the text around them and ordinary non-Latin text stay as they are.
 */
describe('readable app output', () => {
  it('shows every bidi control as a stand-in, never raw', () => {
    const bidi = [
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ];
    for (const c of bidi) {
      expect(readableText(`BIDI[${c}]txt.exe`)).toBe('BIDI[\ufffd]txt.exe');
    }
  });

  it('keeps other text and still replaces escapes', () => {
    expect(readableText('שלום ok\u2014\u00e9\n\t')).toBe(
      'שלום ok\u2014\u00e9\n\t',
    );
    expect(readableText('\u001b[2J\r\n')).toBe('\u241b[2J\n');
  });
});
